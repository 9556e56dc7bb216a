/**
 * The user's secrets on a REANA server: names and types only. A value (or
 * the path of a file holding it) goes to the server in the one request that
 * adds the secret and is not kept here.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { errorMessage, hasReason, VRELabAPIError } from '../api';
import { ReanaClient } from './client';
import { IReanaSecret, ISecretRequest } from './types';

/**
 * Where the secrets list stands.
 */
export type SecretsState = 'empty' | 'loading' | 'ready' | 'error';

/**
 * The model of the secrets of one REANA server.
 */
export class SecretsModel implements IDisposable {
  constructor(options: SecretsModel.IOptions) {
    this.client = options.client;
    this._trans = options.trans ?? nullTranslator.load('vre_lab');
  }

  readonly client: ReanaClient;

  /**
   * Emitted whenever anything here changes.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * The REANA server whose secrets these are, or null.
   */
  get server(): string | null {
    return this._server;
  }
  set server(server: string | null) {
    if (server === this._server) {
      return;
    }
    this._server = server;
    this._secrets = [];
    this._error = '';
    this._state = 'empty';
    this._loaded = false;
    this._emit();
  }

  get state(): SecretsState {
    return this._state;
  }

  /**
   * The secrets' names and types, sorted by name.
   */
  get secrets(): readonly IReanaSecret[] {
    return this._secrets;
  }

  /**
   * The one-line error of the list, or an empty string.
   */
  get error(): string {
    return this._error;
  }

  /**
   * Whether a secret is being added.
   */
  get adding(): boolean {
    return this._adding;
  }

  /**
   * Why the last secret could not be added, or an empty string.
   */
  get addError(): string {
    return this._addError;
  }

  /**
   * Load the list once (the first time the secrets are shown).
   */
  ensureLoaded(): Promise<void> {
    return this._loaded ? Promise.resolve() : this.load();
  }

  /**
   * Ask for the list.
   */
  async load(): Promise<void> {
    const server = this._server;
    if (!server) {
      return;
    }
    this._loaded = true;
    this._state = 'loading';
    this._error = '';
    this._emit();
    try {
      const secrets = await this.client.secrets(server);
      if (server !== this._server) {
        return;
      }
      this._secrets = [...secrets].sort((a, b) => a.name.localeCompare(b.name));
      this._state = 'ready';
    } catch (error) {
      if (server !== this._server) {
        return;
      }
      this._state = 'error';
      this._error = errorMessage(error);
    }
    this._emit();
  }

  /**
   * Add a secret. The request is the only place its value goes.
   *
   * @returns whether it was added; otherwise `addError` says why
   */
  async add(secret: ISecretRequest): Promise<boolean> {
    const server = this._server;
    const trans = this._trans;
    const name = secret.name.trim();
    if (!server) {
      return false;
    }
    if (!name) {
      this._setAddError(trans.__('Give the secret a name.'));
      return false;
    }
    const hasValue = typeof secret.value === 'string' && secret.value !== '';
    const hasPath =
      typeof secret.path === 'string' && secret.path.trim() !== '';
    if (hasValue === hasPath) {
      this._setAddError(
        trans.__('Give either a value or the path of a file, not both.')
      );
      return false;
    }
    const request: ISecretRequest = { name };
    if (hasValue) {
      request.value = secret.value;
    } else {
      request.path = secret.path!.trim();
    }
    if (secret.type) {
      request.type = secret.type;
    }
    if (secret.overwrite) {
      request.overwrite = true;
    }
    this._adding = true;
    this._addError = '';
    this._emit();
    try {
      await this.client.addSecret(server, request);
    } catch (error) {
      this._adding = false;
      this._setAddError(
        hasReason(error, 'conflict') ||
          (error instanceof VRELabAPIError && error.status === 409)
          ? trans.__(
              'A secret named %1 exists already. Tick "Replace" to overwrite it.',
              name
            )
          : errorMessage(error)
      );
      return false;
    } finally {
      // Nothing of the value is kept past this request.
      delete request.value;
      delete request.path;
    }
    this._adding = false;
    this._emit();
    await this.load();
    return true;
  }

  /**
   * Delete a secret.
   *
   * @returns whether it was deleted; otherwise `error` says why
   */
  async remove(name: string): Promise<boolean> {
    const server = this._server;
    if (!server) {
      return false;
    }
    try {
      await this.client.deleteSecret(server, name);
    } catch (error) {
      this._error = errorMessage(error);
      this._emit();
      return false;
    }
    this._secrets = this._secrets.filter(secret => secret.name !== name);
    this._error = '';
    this._emit();
    return true;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    Signal.clearData(this);
  }

  private _setAddError(message: string): void {
    this._addError = message;
    this._emit();
  }

  private _emit(): void {
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  private _addError = '';
  private _adding = false;
  private _changed = new Signal<this, void>(this);
  private _error = '';
  private _isDisposed = false;
  private _loaded = false;
  private _secrets: IReanaSecret[] = [];
  private _server: string | null = null;
  private _state: SecretsState = 'empty';
  private _trans: TranslationBundle;
}

/**
 * The namespace for `SecretsModel` statics.
 */
export namespace SecretsModel {
  export interface IOptions {
    client: ReanaClient;
    trans?: TranslationBundle;
  }
}
