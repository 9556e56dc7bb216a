/**
 * The connection to Rucio: which instance the user chose, who the server is
 * logged in as there, and logging in and out. No credential is ever kept
 * here: credentials go to the server in one request and stay there.
 */
import { ISignal } from '@lumino/signaling';

import { errorMessage, hasReason } from '../api';
import { EndpointModel, IEndpointList } from '../components/endpointmodel';
import { RucioClient } from './client';
import { IRucioCredentials, IRucioInstance, IRucioWhoami } from './types';

/**
 * Where the connection stands.
 *
 * - `loading`: asking for the instances.
 * - `none`: the server has no Rucio instance configured.
 * - `connecting`: asking who we are on the chosen instance.
 * - `connected`: logged in; `whoami` says as whom.
 * - `login`: the instance needs credentials (missing or rejected).
 * - `error`: something else failed; `message` says what.
 */
export type ConnectionState =
  'loading' | 'none' | 'connecting' | 'connected' | 'login' | 'error';

/**
 * Where the instance the user chose is remembered (the state database in
 * the lab).
 */
export interface IInstanceMemory {
  load(): Promise<string | null>;
  save(name: string): Promise<void>;
}

/**
 * The model of the Rucio connection.
 */
export class ConnectionModel extends EndpointModel<
  IRucioInstance,
  IRucioWhoami,
  'none' | 'login'
> {
  constructor(options: ConnectionModel.IOptions) {
    super({
      memory: options.memory,
      noun: 'Rucio instance',
      credentialsState: 'login'
    });
    this.client = options.client;
    this._now = options.now ?? Date.now;
  }

  /**
   * The REST client.
   */
  readonly client: RucioClient;

  /**
   * Emitted when another instance is chosen, or its login changed: what was
   * loaded from the previous one is stale.
   */
  get instanceChanged(): ISignal<this, IRucioInstance | null> {
    return this.endpointChanged;
  }

  /**
   * Every configured instance.
   */
  get instances(): readonly IRucioInstance[] {
    return this.endpoints;
  }

  /**
   * The chosen instance, or null.
   */
  get instance(): IRucioInstance | null {
    return this.endpoint;
  }

  /**
   * Why the login form is shown: `credentials_missing` or
   * `credentials_rejected`; null otherwise.
   */
  get loginReason(): string | null {
    return this.credentialsReason;
  }

  /**
   * Whole minutes left on the Rucio token now, or null when unknown.
   */
  get tokenMinutesLeft(): number | null {
    const whoami = this.whoami;
    if (!whoami) {
      return null;
    }
    let expires: number | null = null;
    if (whoami.token_expires_at) {
      const parsed = Date.parse(whoami.token_expires_at);
      expires = Number.isNaN(parsed) ? null : parsed;
    }
    if (expires === null && typeof whoami.token_seconds_left === 'number') {
      expires = this._whoamiAt + whoami.token_seconds_left * 1000;
    }
    if (expires === null) {
      return null;
    }
    return Math.max(0, Math.floor((expires - this._now()) / 60000));
  }

  /**
   * Whether the user typed the credentials in use (and can log out).
   */
  get canLogOut(): boolean {
    return this.instance?.credentials === 'user';
  }

  /**
   * Log in to the chosen instance. The credentials are sent once and not
   * kept.
   *
   * @returns whether the login worked; otherwise `message` says why
   */
  async login(credentials: IRucioCredentials): Promise<boolean> {
    const instance = this.instance;
    if (!instance) {
      return false;
    }
    return this.sendCredentials(
      instance,
      () => this.client.login(instance.name, credentials),
      error => {
        // Whatever went wrong (rejected, a missing field, no answer), the
        // form stays open with the reason.
        if (hasReason(error, 'credentials_missing', 'credentials_rejected')) {
          this.setCredentialsReason((error as { reason: string }).reason);
        }
        this.setState('login', errorMessage(error));
      }
    );
  }

  /**
   * Forget the credentials typed for the chosen instance, then see who we
   * are without them (the operator's credentials, or nobody).
   */
  async logout(): Promise<void> {
    const instance = this.instance;
    if (!instance) {
      return;
    }
    await this.dropCredentials(() => this.client.logout(instance.name));
  }

  protected async fetchEndpoints(): Promise<IEndpointList<IRucioInstance>> {
    const answer = await this.client.instances();
    return { endpoints: answer?.instances, selected: answer?.default ?? null };
  }

  protected fetchWhoami(name: string): Promise<IRucioWhoami> {
    return this.client.whoami(name);
  }

  protected foundNone(): void {
    this.setState('none', '');
  }

  protected connected(whoami: IRucioWhoami): void {
    this._whoamiAt = this._now();
    super.connected(whoami);
  }

  private _now: () => number;
  private _whoamiAt = 0;
}

/**
 * The namespace for `ConnectionModel` statics.
 */
export namespace ConnectionModel {
  export interface IOptions {
    client: RucioClient;
    /** Where the chosen instance is remembered. */
    memory?: IInstanceMemory | null;
    /** The clock (tests). */
    now?: () => number;
  }
}
