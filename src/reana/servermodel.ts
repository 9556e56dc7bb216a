/**
 * Where workflows run: the servers, the one chosen (remembered in the
 * settings and handed to the server for terminals), who the token belongs
 * to, and entering or forgetting a token. No token is ever kept here: it
 * goes to the server in one request.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { ISignal } from '@lumino/signaling';

import { errorMessage, hasReason } from '../api';
import { EndpointModel, IEndpointList } from '../components/endpointmodel';
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
export class ServerModel extends EndpointModel<
  IReanaServer,
  IReanaWhoami,
  'local' | 'token'
> {
  constructor(options: ServerModel.IOptions) {
    super({
      memory: options.memory,
      noun: 'workflow server',
      credentialsState: 'token'
    });
    this.client = options.client;
    this._trans = options.trans ?? nullTranslator.load('vre_lab');
  }

  readonly client: ReanaClient;

  /**
   * Emitted when another server is chosen, or its token changed.
   */
  get serverChanged(): ISignal<this, IReanaServer | null> {
    return this.endpointChanged;
  }

  /**
   * Every server, `local` included.
   */
  get servers(): readonly IReanaServer[] {
    return this.endpoints;
  }

  /**
   * The REANA servers (not `local`).
   */
  get reanaServers(): readonly IReanaServer[] {
    return this.servers.filter(server => server.kind === 'reana');
  }

  /**
   * The chosen server, or null.
   */
  get server(): IReanaServer | null {
    return this.endpoint;
  }

  /**
   * Whether the chosen server can list and run workflows now.
   */
  get ready(): boolean {
    return this.state === 'local' || this.state === 'connected';
  }

  /**
   * Why a token is asked for: `credentials_missing` or
   * `credentials_rejected`; null otherwise.
   */
  get tokenReason(): string | null {
    return this.credentialsReason;
  }

  /**
   * Whether the token in use is one the user entered (and can forget).
   */
  get canForgetToken(): boolean {
    return this.server?.token === 'user';
  }

  /**
   * Hand a token for the chosen REANA server to the vre-lab server, which
   * checks it with REANA and keeps it. It is not kept here.
   *
   * @returns whether REANA accepted it; otherwise `message` says why
   */
  async setToken(token: string): Promise<boolean> {
    const server = this.server;
    if (!server || server.kind !== 'reana' || !token.trim()) {
      return false;
    }
    return this.sendCredentials(
      server,
      () => this.client.setToken(server.name, token.trim()),
      error => {
        this.setCredentialsReason(
          hasReason(error, 'credentials_rejected')
            ? 'credentials_rejected'
            : (this.tokenReason ?? 'credentials_missing')
        );
        this.setState('token', errorMessage(error));
      }
    );
  }

  /**
   * Forget the token the user entered for the chosen server, then see
   * whether another one (the operator's) works.
   */
  async forgetToken(): Promise<void> {
    const server = this.server;
    if (!server || server.kind !== 'reana') {
      return;
    }
    await this.dropCredentials(() => this.client.forgetToken(server.name));
  }

  protected async fetchEndpoints(): Promise<IEndpointList<IReanaServer>> {
    const answer = await this.client.servers();
    return { endpoints: answer?.servers, selected: answer?.selected ?? null };
  }

  protected fetchWhoami(name: string): Promise<IReanaWhoami> {
    return this.client.whoami(name);
  }

  /**
   * The remembered server, or the one terminals have, or the first REANA
   * server, or `local`.
   */
  protected choose(
    remembered: string | null,
    selected: string | null
  ): IReanaServer | null {
    return (
      this.find(remembered) ??
      this.find(selected) ??
      this.reanaServers[0] ??
      this.find(LOCAL_SERVER) ??
      this.servers[0] ??
      null
    );
  }

  protected foundNone(): void {
    this.setState('error', this._trans.__('No workflow server is available.'));
  }

  protected loaded(server: IReanaServer, selected: string | null): void {
    if (server.kind === 'reana' && server.name !== selected) {
      this._handToTerminals(server.name);
    }
  }

  /**
   * Terminals keep the last REANA server while `local` is shown.
   */
  protected selected(server: IReanaServer): void {
    if (server.kind === 'reana') {
      this._handToTerminals(server.name);
    }
  }

  protected offlineState(server: IReanaServer): 'local' | null {
    return server.kind === 'local' ? 'local' : null;
  }

  protected lacksCredentials(server: IReanaServer): boolean {
    return server.token === null;
  }

  private _handToTerminals(name: string): void {
    this.client.select(name).catch(reason => {
      console.warn('vre-lab: cannot hand the workflow server over', reason);
    });
  }

  private _trans: TranslationBundle;
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
