/**
 * The connection to Rucio: which instance the user chose, who the server is
 * logged in as there, and logging in and out. No credential is ever kept
 * here: credentials go to the server in one request and stay there.
 */
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { errorMessage, hasReason } from '../api';
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
export class ConnectionModel implements IDisposable {
  constructor(options: ConnectionModel.IOptions) {
    this.client = options.client;
    this._memory = options.memory ?? null;
    this._now = options.now ?? Date.now;
  }

  /**
   * The REST client.
   */
  readonly client: RucioClient;

  /**
   * Emitted whenever anything here changes.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * Emitted when another instance is chosen, or its login changed: what was
   * loaded from the previous one is stale.
   */
  get instanceChanged(): ISignal<this, IRucioInstance | null> {
    return this._instanceChanged;
  }

  get state(): ConnectionState {
    return this._state;
  }

  /**
   * Every configured instance.
   */
  get instances(): readonly IRucioInstance[] {
    return this._instances;
  }

  /**
   * The chosen instance, or null.
   */
  get instance(): IRucioInstance | null {
    return this._instance;
  }

  /**
   * Who we are on the chosen instance, once connected.
   */
  get whoami(): IRucioWhoami | null {
    return this._whoami;
  }

  /**
   * Why the login form is shown: `credentials_missing` or
   * `credentials_rejected`; null otherwise.
   */
  get loginReason(): string | null {
    return this._loginReason;
  }

  /**
   * The last error, in one line, or an empty string.
   */
  get message(): string {
    return this._message;
  }

  /**
   * Whole minutes left on the Rucio token now, or null when unknown.
   */
  get tokenMinutesLeft(): number | null {
    const whoami = this._whoami;
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
    return this._instance?.credentials === 'user';
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Ask for the instances, choose the remembered one (or the server's
   * default), and connect to it.
   */
  async load(): Promise<void> {
    this._set('loading', '');
    let remembered: string | null = null;
    try {
      const [answer, saved] = await Promise.all([
        this.client.instances(),
        this._memory?.load().catch(() => null) ?? Promise.resolve(null)
      ]);
      this._instances = Array.isArray(answer?.instances)
        ? answer.instances
        : [];
      this._default = answer?.default ?? null;
      remembered = saved;
    } catch (error) {
      this._instances = [];
      this._setInstance(null);
      this._set('error', errorMessage(error));
      return;
    }
    const chosen =
      this._find(remembered) ??
      this._find(this._default) ??
      this._instances[0] ??
      null;
    this._setInstance(chosen);
    if (!chosen) {
      this._set('none', '');
      return;
    }
    await this.connect();
  }

  /**
   * Choose another instance, remember the choice, and connect to it.
   */
  async select(name: string): Promise<void> {
    const instance = this._find(name);
    if (!instance || instance === this._instance) {
      return;
    }
    this._setInstance(instance);
    void this._memory?.save(name).catch(reason => {
      console.warn('vre-lab: cannot remember the Rucio instance', reason);
    });
    await this.connect();
  }

  /**
   * Ask who we are on the chosen instance.
   */
  async connect(): Promise<void> {
    const instance = this._instance;
    if (!instance) {
      return;
    }
    this._whoami = null;
    this._loginReason = null;
    this._set('connecting', '');
    try {
      const whoami = await this.client.whoami(instance.name);
      if (instance !== this._instance) {
        return;
      }
      this._connected(whoami);
    } catch (error) {
      if (instance !== this._instance) {
        return;
      }
      this._failed(error);
    }
  }

  /**
   * Log in to the chosen instance. The credentials are sent once and not
   * kept.
   *
   * @returns whether the login worked; otherwise `message` says why
   */
  async login(credentials: IRucioCredentials): Promise<boolean> {
    const instance = this._instance;
    if (!instance) {
      return false;
    }
    this._set('connecting', '');
    try {
      const whoami = await this.client.login(instance.name, credentials);
      if (instance !== this._instance) {
        return false;
      }
      await this._refreshInstances();
      this._instanceChanged.emit(this._instance);
      this._connected(whoami);
      return true;
    } catch (error) {
      if (instance === this._instance) {
        // Whatever went wrong (rejected, a missing field, no answer), the
        // form stays open with the reason.
        this._whoami = null;
        if (hasReason(error, 'credentials_missing', 'credentials_rejected')) {
          this._loginReason = (error as { reason: string }).reason;
        }
        this._set('login', errorMessage(error));
      }
      return false;
    }
  }

  /**
   * Forget the credentials typed for the chosen instance, then see who we
   * are without them (the operator's credentials, or nobody).
   */
  async logout(): Promise<void> {
    const instance = this._instance;
    if (!instance) {
      return;
    }
    try {
      await this.client.logout(instance.name);
    } catch (error) {
      this._set(this._state, errorMessage(error));
      return;
    }
    await this._refreshInstances();
    this._instanceChanged.emit(this._instance);
    await this.connect();
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    Signal.clearData(this);
  }

  /**
   * Ask for the instances again (whose credentials changed), keeping the
   * chosen one.
   */
  private async _refreshInstances(): Promise<void> {
    try {
      const answer = await this.client.instances();
      const name = this._instance?.name;
      this._instances = answer.instances;
      this._default = answer.default;
      this._instance = this._find(name ?? null) ?? this._instance;
    } catch {
      // Keep what we know.
    }
  }

  private _connected(whoami: IRucioWhoami): void {
    this._whoami = whoami;
    this._whoamiAt = this._now();
    this._loginReason = null;
    this._set('connected', '');
  }

  private _failed(error: unknown): void {
    this._whoami = null;
    if (hasReason(error, 'credentials_missing', 'credentials_rejected')) {
      this._loginReason = (error as { reason: string }).reason;
      this._set('login', errorMessage(error));
    } else {
      this._set('error', errorMessage(error));
    }
  }

  private _find(name: string | null): IRucioInstance | null {
    if (!name) {
      return null;
    }
    return this._instances.find(i => i.name === name) ?? null;
  }

  private _setInstance(instance: IRucioInstance | null): void {
    if (instance === this._instance) {
      return;
    }
    this._instance = instance;
    this._whoami = null;
    this._loginReason = null;
    this._instanceChanged.emit(instance);
  }

  private _set(state: ConnectionState, message: string): void {
    this._state = state;
    this._message = message;
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  private _changed = new Signal<this, void>(this);
  private _default: string | null = null;
  private _instance: IRucioInstance | null = null;
  private _instanceChanged = new Signal<this, IRucioInstance | null>(this);
  private _instances: IRucioInstance[] = [];
  private _isDisposed = false;
  private _loginReason: string | null = null;
  private _memory: IInstanceMemory | null;
  private _message = '';
  private _now: () => number;
  private _state: ConnectionState = 'loading';
  private _whoami: IRucioWhoami | null = null;
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
