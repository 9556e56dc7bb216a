/**
 * The version handshake between this frontend and the vre-lab server
 * extension: one `GET status`, compared with what the frontend expects.
 */
import { ServerConnection } from '@jupyterlab/services';
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { Poll } from '@lumino/polling';

import { version as packageVersion } from '../package.json';
import { IServerStatus, requestAPI, VRELabAPIError } from './api';
import { Model } from './components/model';

/**
 * The version of this frontend package.
 */
export const FRONTEND_VERSION: string = packageVersion;

/**
 * The REST API version this frontend speaks.
 */
export const API_VERSION = 1;

/**
 * Where the handshake stands.
 *
 * - `checking`: the first answer has not arrived yet.
 * - `ok`: the server extension answered and matches this frontend.
 * - `mismatch`: it answered, but with another version or API version.
 * - `missing`: the server does not know the vre-lab routes.
 * - `error`: any other failure (server error, no connection, bad answer).
 */
export type HandshakeState =
  'checking' | 'ok' | 'mismatch' | 'missing' | 'error';

/**
 * Turn an npm version into the Python (PEP 440) spelling the server reports,
 * e.g. `1.2.0-alpha.3` into `1.2.0a3`, as hatch-nodejs-version does.
 */
export function normalizeVersion(version: string): string {
  return version
    .trim()
    .replace(/^v/, '')
    .replace(/-?alpha\.?/, 'a')
    .replace(/-?beta\.?/, 'b')
    .replace(/-?rc\.?/, 'rc');
}

/**
 * A model of the handshake, shared by every vre-lab plugin. `changed` is
 * emitted when the state, message or server status changes.
 */
export class HandshakeModel extends Model {
  constructor(options: HandshakeModel.IOptions = {}) {
    super();
    this._serverSettings =
      options.serverSettings ?? ServerConnection.makeSettings();
    this._frontendVersion = options.frontendVersion ?? FRONTEND_VERSION;
    this._apiVersion = options.apiVersion ?? API_VERSION;
    this._trans = options.trans ?? nullTranslator.load('vre_lab');
    this._message = this._trans.__('Checking the vre-lab server extension…');
  }

  /**
   * Where the handshake stands.
   */
  get state(): HandshakeState {
    return this._state;
  }

  /**
   * A sentence for the user describing the state.
   */
  get message(): string {
    return this._message;
  }

  /**
   * The last status the server sent (kept on mismatch too), or null.
   */
  get serverStatus(): IServerStatus | null {
    return this._serverStatus;
  }

  /**
   * The error behind the `missing` and `error` states, or null.
   */
  get error(): VRELabAPIError | null {
    return this._error;
  }

  /**
   * The version of this frontend.
   */
  get frontendVersion(): string {
    return this._frontendVersion;
  }

  /**
   * Seconds between automatic refreshes; 0 turns them off.
   */
  get refreshInterval(): number {
    return this._refreshInterval;
  }
  set refreshInterval(seconds: number) {
    seconds = Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
    if (seconds === this._refreshInterval) {
      return;
    }
    this._refreshInterval = seconds;
    this._poll?.dispose();
    this._poll = null;
    if (seconds > 0 && !this.isDisposed) {
      this._poll = new Poll({
        factory: () => this.refresh(),
        frequency: { interval: seconds * 1000, backoff: true, max: 600000 },
        standby: 'when-hidden',
        name: 'vre-lab:handshake'
      });
    }
  }

  dispose(): void {
    this._poll?.dispose();
    this._poll = null;
    super.dispose();
  }

  /**
   * Ask the server for its status and update the state.
   *
   * Never throws: failures become the `missing` or `error` state. Concurrent
   * calls share one request.
   */
  refresh(): Promise<HandshakeState> {
    if (!this._pending) {
      this._pending = this._check().finally(() => {
        this._pending = null;
      });
    }
    return this._pending;
  }

  private async _check(): Promise<HandshakeState> {
    let status: IServerStatus;
    try {
      status = await requestAPI<IServerStatus>(
        'status',
        {},
        this._serverSettings
      );
    } catch (reason) {
      const error =
        reason instanceof VRELabAPIError
          ? reason
          : new VRELabAPIError({
              kind: 'invalid',
              message: reason instanceof Error ? reason.message : String(reason)
            });
      this._update(
        error.kind === 'missing' ? 'missing' : 'error',
        this._errorMessage(error),
        null,
        error
      );
      return this._state;
    }

    if (!isServerStatus(status)) {
      this._update(
        'error',
        this._trans.__(
          'The vre-lab server extension sent an unexpected status.'
        ),
        null,
        new VRELabAPIError({ kind: 'invalid', message: 'unexpected status' })
      );
    } else if (status.api_version !== this._apiVersion) {
      this._update(
        'mismatch',
        this._trans.__(
          'The vre-lab server extension speaks API version %1 but this frontend needs version %2. Install matching versions and restart JupyterLab.',
          status.api_version,
          this._apiVersion
        ),
        status,
        null
      );
    } else if (
      normalizeVersion(status.version) !==
      normalizeVersion(this._frontendVersion)
    ) {
      this._update(
        'mismatch',
        this._trans.__(
          'Version mismatch: the vre-lab server extension is %1 but the frontend is %2. Install matching versions and restart JupyterLab.',
          status.version,
          this._frontendVersion
        ),
        status,
        null
      );
    } else {
      this._update(
        'ok',
        this._trans.__('Connected to vre-lab server %1', status.version),
        status,
        null
      );
    }
    return this._state;
  }

  private _errorMessage(error: VRELabAPIError): string {
    switch (error.kind) {
      case 'missing':
        return this._trans.__(
          'The vre-lab server extension is not installed or not enabled. Ask your administrator, or run "jupyter server extension enable vre_lab" and restart JupyterLab.'
        );
      case 'network':
        return this._trans.__('Cannot reach the Jupyter server.');
      case 'invalid':
        return this._trans.__(
          'The vre-lab server extension sent an unexpected answer: %1',
          error.message
        );
      default:
        return this._trans.__(
          'The vre-lab server extension failed: %1',
          error.message
        );
    }
  }

  private _update(
    state: HandshakeState,
    message: string,
    status: IServerStatus | null,
    error: VRELabAPIError | null
  ): void {
    const unchanged =
      state === this._state &&
      message === this._message &&
      JSON.stringify(status) === JSON.stringify(this._serverStatus);
    this._state = state;
    this._message = message;
    this._serverStatus = status;
    this._error = error;
    if (!unchanged) {
      this.emitChanged();
    }
  }

  private _apiVersion: number;
  private _error: VRELabAPIError | null = null;
  private _frontendVersion: string;
  private _message: string;
  private _pending: Promise<HandshakeState> | null = null;
  private _poll: Poll | null = null;
  private _refreshInterval = 0;
  private _serverSettings: ServerConnection.ISettings;
  private _serverStatus: IServerStatus | null = null;
  private _state: HandshakeState = 'checking';
  private _trans: TranslationBundle;
}

/**
 * The namespace for `HandshakeModel` statics.
 */
export namespace HandshakeModel {
  export interface IOptions {
    /**
     * The server connection settings; defaults to the page's.
     */
    serverSettings?: ServerConnection.ISettings;
    /**
     * The version to compare with; defaults to this package's version.
     */
    frontendVersion?: string;
    /**
     * The API version to compare with; defaults to `API_VERSION`.
     */
    apiVersion?: number;
    /**
     * The translation bundle for messages.
     */
    trans?: TranslationBundle;
  }
}

/**
 * Whether a value has the shape of `GET status`'s answer.
 */
function isServerStatus(value: unknown): value is IServerStatus {
  const status = value as IServerStatus | null;
  return (
    typeof status === 'object' &&
    status !== null &&
    typeof status.version === 'string' &&
    typeof status.api_version === 'number' &&
    typeof status.services === 'object' &&
    status.services !== null
  );
}
