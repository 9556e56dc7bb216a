/**
 * The public interface of vre-lab's core plugin, for the other vre-lab
 * plugins (data, workflows, publish) and for third parties.
 */
import { ServerConnection } from '@jupyterlab/services';
import { Token } from '@lumino/coreutils';
import type { Widget } from '@lumino/widgets';

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

/**
 * The VRE side panel, for the plugins that add a section to it.
 */
export interface IVRESidebar {
  /**
   * The side panel's id (to activate it in the shell).
   */
  readonly id: string;

  /**
   * Add a section, ordered by rank (lower first).
   */
  addSection(widget: Widget, rank?: number): void;

  /**
   * Expand a section if it is collapsed.
   */
  expandSection(widget: Widget): void;
}

/**
 * The token of the VRE side panel.
 */
export const IVRESidebar = new Token<IVRESidebar>(
  'vre-lab:IVRESidebar',
  'The VRE side panel, to add sections to.'
);

/**
 * The command that opens the publish form, `{paths: string[]}` (the Publish
 * plugin's); other sections run it when it exists.
 */
export const PUBLISH_COMMAND = 'vre-lab:publish';

/**
 * Offers a DID as an input of the next workflow run (the Workflows plugin).
 */
export const USE_DID_IN_WORKFLOW_COMMAND = 'vre-lab:reana-use-did';

/**
 * The command that registers a finished run's outputs in Rucio (the Data
 * plugin's), with `IRegisterOutputsArgs`; the Workflows section offers it
 * when it exists.
 */
export const REGISTER_OUTPUTS_COMMAND = 'vre-lab:rucio-register-outputs';

/**
 * The arguments of `REGISTER_OUTPUTS_COMMAND`: the run and its declared
 * outputs.
 */
export interface IRegisterOutputsArgs {
  server: string;
  workflow: string;
  name: string;
  runNumber: string;
  outputs: string[];
}
