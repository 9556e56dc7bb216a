/**
 * The public interface of vre-lab's core plugin, for the other vre-lab
 * plugins (data, workflows, publish) and for third parties.
 */
import { ServerConnection } from '@jupyterlab/services';
import { Token } from '@lumino/coreutils';

import type { HandshakeModel } from './handshake';

/**
 * The vre-lab core: the server connection and the version handshake.
 */
export interface IVRELab {
  /**
   * The handshake with the vre-lab server extension, refreshed periodically.
   */
  readonly handshake: HandshakeModel;

  /**
   * The server connection settings every request uses.
   */
  readonly serverSettings: ServerConnection.ISettings;

  /**
   * Call the vre-lab REST API (see `requestAPI`).
   *
   * @param endpoint - the path below `{baseUrl}vre-lab/api/`
   * @param init - the fetch options
   * @throws {VRELabAPIError} for any failure
   */
  request<T>(endpoint: string, init?: RequestInit): Promise<T>;
}

/**
 * The token of the vre-lab core.
 */
export const IVRELab = new Token<IVRELab>(
  'vre-lab:IVRELab',
  'The vre-lab core: REST client and server version handshake.'
);
