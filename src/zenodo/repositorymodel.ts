/**
 * Where records go: the repositories, the one chosen (remembered in the
 * settings and on the server), who the token belongs to, and entering or
 * forgetting a token. No token is kept here: it goes to the server in one
 * request.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { EndpointModel, IEndpointList } from '../components/endpointmodel';
import { PublishClient } from './client';
import { IPublishWhoami, IRepository, ROCRATE } from './types';

/**
 * Where the chosen repository stands.
 *
 * - `loading`: asking for the repositories.
 * - `offline`: the RO-Crate export is chosen; nothing to log in to.
 * - `connecting`: asking who we are on the chosen repository.
 * - `connected`: the token works; `whoami` says whose it is.
 * - `token`: the repository needs a token (none, or it refused it).
 * - `error`: something else failed; `message` says what.
 */
export type RepositoryState =
  'loading' | 'offline' | 'connecting' | 'connected' | 'token' | 'error';

/**
 * Where the chosen repository is remembered (the settings in the lab).
 */
export interface IRepositoryMemory {
  load(): Promise<string | null>;
  save(name: string): Promise<void>;
}

/**
 * The model of the repository choice.
 */
export class RepositoryModel extends EndpointModel<
  IRepository,
  IPublishWhoami,
  'offline' | 'token'
> {
  constructor(options: RepositoryModel.IOptions) {
    super({
      memory: options.memory,
      noun: 'repository',
      credentialsState: 'token'
    });
    this.client = options.client;
    this._trans = options.trans ?? nullTranslator.load('vre_lab');
  }

  readonly client: PublishClient;

  get repositories(): readonly IRepository[] {
    return this.endpoints;
  }

  /**
   * The chosen repository, or null.
   */
  get repository(): IRepository | null {
    return this.endpoint;
  }

  /**
   * Whether records of the chosen repository can be listed and made now.
   */
  get ready(): boolean {
    return this.state === 'offline' || this.state === 'connected';
  }

  /**
   * `credentials_missing` or `credentials_rejected` while a token is asked
   * for; null otherwise.
   */
  get tokenReason(): string | null {
    return this.credentialsReason;
  }

  /**
   * Whether the token in use is one the user entered (and can forget).
   */
  get canForgetToken(): boolean {
    return this.repository?.token === 'user';
  }

  /**
   * A repository's name for people.
   */
  label(name: string | null | undefined): string {
    const repository = this.find(name);
    if (name === ROCRATE || repository?.kind === 'rocrate') {
      return this._trans.__('RO-Crate file (no repository)');
    }
    return repository?.display_name || repository?.name || name || '';
  }

  /**
   * Hand a token for the chosen repository to the server, which checks it
   * and keeps it.
   *
   * @returns whether the repository accepted it; otherwise `message` says why
   */
  async setToken(token: string): Promise<boolean> {
    const repository = this.repository;
    if (!repository || repository.kind === 'rocrate' || !token.trim()) {
      return false;
    }
    return this.sendCredentials(
      repository,
      () => this.client.setToken(repository.name, token.trim()),
      error => this.failed(error, 'credentials_missing')
    );
  }

  /**
   * Forget the token the user entered, then see whether another one (the
   * operator's) works.
   */
  async forgetToken(): Promise<void> {
    const repository = this.repository;
    if (!repository || repository.kind === 'rocrate') {
      return;
    }
    await this.dropCredentials(() => this.client.forgetToken(repository.name));
  }

  protected async fetchEndpoints(): Promise<IEndpointList<IRepository>> {
    const answer = await this.client.repositories();
    return {
      endpoints: answer?.repositories,
      selected: answer?.selected ?? null
    };
  }

  protected fetchWhoami(name: string): Promise<IPublishWhoami> {
    return this.client.whoami(name);
  }

  protected foundNone(): void {
    this.setState('error', this._trans.__('No repository is available.'));
  }

  /**
   * The chosen repository is handed to the server too.
   */
  protected selected(repository: IRepository): void {
    this.client.select(repository.name).catch(reason => {
      console.warn('vre-lab: cannot hand the repository over', reason);
    });
  }

  protected offlineState(repository: IRepository): 'offline' | null {
    return repository.kind === 'rocrate' ? 'offline' : null;
  }

  protected lacksCredentials(repository: IRepository): boolean {
    return repository.token === null;
  }

  private _trans: TranslationBundle;
}

/**
 * The namespace for `RepositoryModel` statics.
 */
export namespace RepositoryModel {
  export interface IOptions {
    client: PublishClient;
    memory?: IRepositoryMemory | null;
    trans?: TranslationBundle;
  }
}
