/**
 * Where workflows run: the servers, the one chosen (remembered in the
 * settings and handed to the server for terminals), who the token belongs
 * to, and entering or forgetting a token. No token is ever kept here: it
 * goes to the server in one request.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { errorMessage, hasReason } from '../api';
import { ReanaClient } from './client';
import { IReanaServer, IReanaWhoami, LOCAL_SERVER } from './types';

/**
 * Where the chosen server stands.
 *
 * - `loading`: asking for the servers.
 * - `local`: the local engine is chosen; nothing to log in to.
 * - `connecting`: asking who we are on the chosen REANA server.
 * - `connected`: the server's token works; `whoami` says whose it is.
 * - `token`: the REANA server needs a token (none, or REANA refused it).
 * - `error`: something else failed; `message` says what.
 */
export type ServerState =
  'loading' | 'local' | 'connecting' | 'connected' | 'token' | 'error';

/**
 * Where the chosen server is remembered (the settings registry in the lab).
 */
export interface IServerMemory {
  load(): Promise<string | null>;
  save(name: string): Promise<void>;
}

/**
 * The model of the server choice.
 */
export class ServerModel implements IDisposable {
  constructor(options: ServerModel.IOptions) {
    this.client = options.client;
    this._memory = options.memory ?? null;
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
   * Emitted when another server is chosen, or its token changed.
   */
  get serverChanged(): ISignal<this, IReanaServer | null> {
    return this._serverChanged;
  }

  get state(): ServerState {
    return this._state;
  }

  /**
   * Every server, `local` included.
   */
  get servers(): readonly IReanaServer[] {
    return this._servers;
  }

  /**
   * The REANA servers (not `local`).
   */
  get reanaServers(): readonly IReanaServer[] {
    return this._servers.filter(server => server.kind === 'reana');
  }

  /**
   * The chosen server, or null.
   */
  get server(): IReanaServer | null {
    return this._server;
  }

  /**
   * Whether the chosen server can list and run workflows now.
   */
  get ready(): boolean {
    return this._state === 'local' || this._state === 'connected';
  }

  /**
   * Who the chosen REANA server's token belongs to, once connected.
   */
  get whoami(): IReanaWhoami | null {
    return this._whoami;
  }

  /**
   * Why a token is asked for: `credentials_missing` or
   * `credentials_rejected`; null otherwise.
   */
  get tokenReason(): string | null {
    return this._tokenReason;
  }

  /**
   * The last error, in one line, or an empty string.
   */
  get message(): string {
    return this._message;
  }

  /**
   * Whether the token in use is one the user entered (and can forget).
   */
  get canForgetToken(): boolean {
    return this._server?.token === 'user';
  }

  /**
   * Whether a token is on its way to the server.
   */
  get submitting(): boolean {
    return this._submitting;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * A server by name, or null.
   */
  find(name: string | null | undefined): IReanaServer | null {
    if (!name) {
      return null;
    }
    return this._servers.find(server => server.name === name) ?? null;
  }

  /**
   * Ask for the servers, choose the remembered one (or the one terminals
   * have, or the first REANA server, or `local`), and connect to it.
   */
  async load(): Promise<void> {
    this._set('loading', '');
    let remembered: string | null = null;
    let selected: string | null = null;
    try {
      const [answer, saved] = await Promise.all([
        this.client.servers(),
        this._memory?.load().catch(() => null) ?? Promise.resolve(null)
      ]);
      this._servers = Array.isArray(answer?.servers) ? answer.servers : [];
      selected = answer?.selected ?? null;
      remembered = saved;
    } catch (error) {
      this._servers = [];
      this._setServer(null);
      this._set('error', errorMessage(error));
      return;
    }
    const chosen =
      this.find(remembered) ??
      this.find(selected) ??
      this.reanaServers[0] ??
      this.find(LOCAL_SERVER) ??
      this._servers[0] ??
      null;
    this._setServer(chosen);
    if (!chosen) {
      this._set('error', this._trans.__('No workflow server is available.'));
      return;
    }
    if (chosen.kind === 'reana' && chosen.name !== selected) {
      this._handToTerminals(chosen.name);
    }
    await this.connect();
  }

  /**
   * Choose another server: remember it, give it to terminals (REANA servers
   * only; terminals keep the last REANA server while `local` is shown), and
   * connect to it.
   */
  async select(name: string): Promise<void> {
    const server = this.find(name);
    if (!server || server === this._server) {
      return;
    }
    this._setServer(server);
    void this._memory?.save(name).catch(reason => {
      console.warn('vre-lab: cannot remember the workflow server', reason);
    });
    if (server.kind === 'reana') {
      this._handToTerminals(name);
    }
    await this.connect();
  }

  /**
   * See whether the chosen server can be used: `local` always can; a REANA
   * server is asked who we are.
   */
  async connect(): Promise<void> {
    const server = this._server;
    if (!server) {
      return;
    }
    this._whoami = null;
    this._tokenReason = null;
    if (server.kind === 'local') {
      this._set('local', '');
      return;
    }
    if (server.token === null) {
      this._tokenReason = 'credentials_missing';
      this._set('token', '');
      return;
    }
    this._set('connecting', '');
    try {
      const whoami = await this.client.whoami(server.name);
      if (server === this._server) {
        this._whoami = whoami;
        this._set('connected', '');
      }
    } catch (error) {
      if (server === this._server) {
        this._failed(error);
      }
    }
  }

  /**
   * Hand a token for the chosen REANA server to the vre-lab server, which
   * checks it with REANA and keeps it. It is not kept here.
   *
   * @returns whether REANA accepted it; otherwise `message` says why
   */
  async setToken(token: string): Promise<boolean> {
    const server = this._server;
    if (!server || server.kind !== 'reana' || !token.trim()) {
      return false;
    }
    this._submitting = true;
    this._set('connecting', '');
    try {
      const whoami = await this.client.setToken(server.name, token.trim());
      if (server !== this._server) {
        return false;
      }
      await this._refreshServers();
      this._whoami = whoami;
      this._tokenReason = null;
      this._submitting = false;
      this._serverChanged.emit(this._server);
      this._set('connected', '');
      return true;
    } catch (error) {
      this._submitting = false;
      if (server === this._server) {
        this._whoami = null;
        this._tokenReason = hasReason(error, 'credentials_rejected')
          ? 'credentials_rejected'
          : (this._tokenReason ?? 'credentials_missing');
        this._set('token', errorMessage(error));
      }
      return false;
    }
  }

  /**
   * Forget the token the user entered for the chosen server, then see
   * whether another one (the operator's) works.
   */
  async forgetToken(): Promise<void> {
    const server = this._server;
    if (!server || server.kind !== 'reana') {
      return;
    }
    try {
      await this.client.forgetToken(server.name);
    } catch (error) {
      this._set(this._state, errorMessage(error));
      return;
    }
    await this._refreshServers();
    this._serverChanged.emit(this._server);
    await this.connect();
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    Signal.clearData(this);
  }

  private _failed(error: unknown): void {
    this._whoami = null;
    if (hasReason(error, 'credentials_missing', 'credentials_rejected')) {
      this._tokenReason = (error as { reason: string }).reason;
      this._set('token', errorMessage(error));
    } else {
      this._set('error', errorMessage(error));
    }
  }

  private _handToTerminals(name: string): void {
    this.client.select(name).catch(reason => {
      console.warn('vre-lab: cannot hand the workflow server over', reason);
    });
  }

  /**
   * Ask for the servers again (a token changed), keeping the chosen one.
   */
  private async _refreshServers(): Promise<void> {
    try {
      const answer = await this.client.servers();
      const name = this._server?.name;
      this._servers = answer.servers;
      this._server = this.find(name) ?? this._server;
    } catch {
      // Keep what we know.
    }
  }

  private _setServer(server: IReanaServer | null): void {
    if (server === this._server) {
      return;
    }
    this._server = server;
    this._whoami = null;
    this._tokenReason = null;
    this._serverChanged.emit(server);
  }

  private _set(state: ServerState, message: string): void {
    this._state = state;
    this._message = message;
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  private _changed = new Signal<this, void>(this);
  private _isDisposed = false;
  private _memory: IServerMemory | null;
  private _message = '';
  private _server: IReanaServer | null = null;
  private _serverChanged = new Signal<this, IReanaServer | null>(this);
  private _servers: IReanaServer[] = [];
  private _state: ServerState = 'loading';
  private _submitting = false;
  private _tokenReason: string | null = null;
  private _trans: TranslationBundle;
  private _whoami: IReanaWhoami | null = null;
}

/**
 * The namespace for `ServerModel` statics.
 */
export namespace ServerModel {
  export interface IOptions {
    client: ReanaClient;
    /** Where the chosen server is remembered. */
    memory?: IServerMemory | null;
    trans?: TranslationBundle;
  }
}
