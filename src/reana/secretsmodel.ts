/**
 * The user's secrets on a REANA server: names and types only. A value (or
 * the path of a file holding it) goes to the server in the one request that
 * adds the secret and is not kept here.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { errorMessage, hasReason, VRELabAPIError } from '../api';
import { Loaded, Model, Submission } from '../components/model';
import { ReanaClient } from './client';
import { IReanaSecret, ISecretRequest } from './types';

/**
 * Where the secrets list stands.
 */
export type SecretsState = 'empty' | 'loading' | 'ready' | 'error';

/**
 * The model of the secrets of one REANA server.
 */
export class SecretsModel extends Model {
  constructor(options: SecretsModel.IOptions) {
    super();
    this.client = options.client;
    this._trans = options.trans ?? nullTranslator.load('vre_lab');
  }

  readonly client: ReanaClient;

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
    this._removal.fail('');
    this._list.reset();
  }

  get state(): SecretsState {
    const list = this._list;
    if (list.loading) {
      return 'loading';
    }
    if (list.error) {
      return 'error';
    }
    return list.requested ? 'ready' : 'empty';
  }

  /**
   * The secrets' names and types, sorted by name.
   */
  get secrets(): readonly IReanaSecret[] {
    return this._list.value;
  }

  /**
   * The one-line error of the list (or of the last removal), or an empty
   * string.
   */
  get error(): string {
    return this._removal.error || this._list.error;
  }

  /**
   * Whether a secret is being added.
   */
  get adding(): boolean {
    return this._addition.busy;
  }

  /**
   * Why the last secret could not be added, or an empty string.
   */
  get addError(): string {
    return this._addition.error;
  }

  /**
   * Load the list once (the first time the secrets are shown).
   */
  ensureLoaded(): Promise<void> {
    return this._list.requested ? Promise.resolve() : this.load();
  }

  /**
   * Ask for the list.
   */
  async load(): Promise<void> {
    const server = this._server;
    if (!server) {
      return;
    }
    this._removal.fail('');
    await this._list.load(
      async () => {
        const secrets = await this.client.secrets(server);
        return [...secrets].sort((a, b) => a.name.localeCompare(b.name));
      },
      { stale: () => server !== this._server }
    );
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
      this._addition.fail(trans.__('Give the secret a name.'));
      return false;
    }
    const hasValue = typeof secret.value === 'string' && secret.value !== '';
    const hasPath =
      typeof secret.path === 'string' && secret.path.trim() !== '';
    if (hasValue === hasPath) {
      this._addition.fail(
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
    const added = await this._addition.run(
      async () => {
        try {
          await this.client.addSecret(server, request);
        } finally {
          // Nothing of the value is kept past this request.
          delete request.value;
          delete request.path;
        }
      },
      {
        describe: error =>
          hasReason(error, 'conflict') ||
          (error instanceof VRELabAPIError && error.status === 409)
            ? trans.__(
                'A secret named %1 exists already. Tick "Replace" to overwrite it.',
                name
              )
            : errorMessage(error)
      }
    );
    if (added) {
      await this.load();
    }
    return added;
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
    const removed = await this._removal.run(() =>
      this.client.deleteSecret(server, name)
    );
    if (removed) {
      this._list.set(this._list.value.filter(secret => secret.name !== name));
    }
    return removed;
  }

  private _addition = new Submission(() => this.emitChanged());
  private _list = new Loaded<IReanaSecret[]>([], () => this.emitChanged());
  private _removal = new Submission(() => this.emitChanged());
  private _server: string | null = null;
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
