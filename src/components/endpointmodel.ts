/**
 * What the models of a service's endpoints (Rucio instances, workflow
 * servers, publishing repositories) share: the configured endpoints, the one
 * chosen (remembered), who we are there, and handing credentials to the
 * server. No credential is kept here: it goes to the server in one request.
 */
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { errorMessage, hasReason } from '../api';

/**
 * Where the chosen endpoint stands: the states every endpoint model has,
 * plus the model's own (`Extra`).
 */
export type EndpointState<Extra extends string> =
  'loading' | 'connecting' | 'connected' | 'error' | Extra;

/**
 * Where the chosen endpoint is remembered (settings or state database).
 */
export interface IEndpointMemory {
  load(): Promise<string | null>;
  save(name: string): Promise<void>;
}

/**
 * The configured endpoints, as the server lists them.
 */
export interface IEndpointList<T> {
  endpoints: T[] | undefined;
  /** The endpoint the server has chosen, or null. */
  selected: string | null;
}

/**
 * The model of a choice among a service's endpoints.
 *
 * `Extra` is the model's own states; `options.credentialsState` is the one
 * shown while credentials are asked for.
 */
export abstract class EndpointModel<
  T extends { name: string },
  Whoami,
  Extra extends string
> implements IDisposable {
  constructor(options: EndpointModel.IOptions<Extra>) {
    this._memory = options.memory ?? null;
    this._noun = options.noun;
    this._credentialsState = options.credentialsState;
  }

  /**
   * Emitted whenever anything here changes.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * Emitted when another endpoint is chosen, or its credentials changed:
   * what was loaded from the previous one is stale.
   */
  get endpointChanged(): ISignal<this, T | null> {
    return this._endpointChanged;
  }

  get state(): EndpointState<Extra> {
    return this._state;
  }

  /**
   * Every configured endpoint.
   */
  get endpoints(): readonly T[] {
    return this._endpoints;
  }

  /**
   * The chosen endpoint, or null.
   */
  get endpoint(): T | null {
    return this._endpoint;
  }

  /**
   * Who we are on the chosen endpoint, once connected.
   */
  get whoami(): Whoami | null {
    return this._whoami;
  }

  /**
   * The state shown while credentials are asked for (`token`, `login`).
   */
  get credentialsState(): Extra {
    return this._credentialsState;
  }

  /**
   * Why credentials are asked for: `credentials_missing` or
   * `credentials_rejected`; null otherwise.
   */
  get credentialsReason(): string | null {
    return this._credentialsReason;
  }

  /**
   * The last error, in one line, or an empty string.
   */
  get message(): string {
    return this._message;
  }

  /**
   * Whether credentials are on their way to the server.
   */
  get submitting(): boolean {
    return this._submitting;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * An endpoint by name, or null.
   */
  find(name: string | null | undefined): T | null {
    if (!name) {
      return null;
    }
    return this._endpoints.find(endpoint => endpoint.name === name) ?? null;
  }

  /**
   * Ask for the endpoints, choose the remembered one (or the server's, or
   * the first), and connect to it.
   */
  async load(): Promise<void> {
    this.setState('loading', '');
    let remembered: string | null = null;
    let selected: string | null = null;
    try {
      const [list, saved] = await Promise.all([
        this.fetchEndpoints(),
        this._memory?.load().catch(() => null) ?? Promise.resolve(null)
      ]);
      this._endpoints = Array.isArray(list?.endpoints) ? list.endpoints : [];
      selected = list?.selected ?? null;
      remembered = saved;
    } catch (error) {
      this._endpoints = [];
      this._setEndpoint(null);
      this.setState('error', errorMessage(error));
      return;
    }
    const chosen = this.choose(remembered, selected);
    this._setEndpoint(chosen);
    if (!chosen) {
      this.foundNone();
      return;
    }
    this.loaded(chosen, selected);
    await this.connect();
  }

  /**
   * Choose another endpoint, remember the choice, and connect to it.
   */
  async select(name: string): Promise<void> {
    const endpoint = this.find(name);
    if (!endpoint || endpoint === this._endpoint) {
      return;
    }
    this._setEndpoint(endpoint);
    void this._memory?.save(name).catch(reason => {
      console.warn(`vre-lab: cannot remember the ${this._noun}`, reason);
    });
    this.selected(endpoint);
    await this.connect();
  }

  /**
   * See whether the chosen endpoint can be used: ask who we are there,
   * unless it needs no login or has no credentials.
   */
  async connect(): Promise<void> {
    const endpoint = this._endpoint;
    if (!endpoint) {
      return;
    }
    this._whoami = null;
    this._credentialsReason = null;
    const offline = this.offlineState(endpoint);
    if (offline) {
      this.setState(offline, '');
      return;
    }
    if (this.lacksCredentials(endpoint)) {
      this._credentialsReason = 'credentials_missing';
      this.setState(this._credentialsState, '');
      return;
    }
    this.setState('connecting', '');
    try {
      const whoami = await this.fetchWhoami(endpoint.name);
      if (endpoint === this._endpoint) {
        this.connected(whoami);
      }
    } catch (error) {
      if (endpoint === this._endpoint) {
        this.failed(error);
      }
    }
  }

  /**
   * Connect again, or load again when nothing could be chosen.
   */
  retry(): Promise<void> {
    return this._endpoint ? this.connect() : this.load();
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    Signal.clearData(this);
  }

  /**
   * Ask the server for the endpoints.
   */
  protected abstract fetchEndpoints(): Promise<IEndpointList<T>>;

  /**
   * Ask the server who we are on an endpoint.
   */
  protected abstract fetchWhoami(name: string): Promise<Whoami>;

  /**
   * Set the state when no endpoint can be chosen.
   */
  protected abstract foundNone(): void;

  /**
   * The endpoint to choose after loading.
   */
  protected choose(
    remembered: string | null,
    selected: string | null
  ): T | null {
    return (
      this.find(remembered) ?? this.find(selected) ?? this._endpoints[0] ?? null
    );
  }

  /**
   * Called once an endpoint is chosen after loading, before connecting.
   */
  protected loaded(endpoint: T, selected: string | null): void {
    // Nothing by default.
  }

  /**
   * Called once the user chose an endpoint, before connecting.
   */
  protected selected(endpoint: T): void {
    // Nothing by default.
  }

  /**
   * The state of an endpoint that needs no login, or null.
   */
  protected offlineState(endpoint: T): Extra | null {
    return null;
  }

  /**
   * Whether an endpoint has no credentials at all, so asking who we are
   * there is pointless.
   */
  protected lacksCredentials(endpoint: T): boolean {
    return false;
  }

  /**
   * Hand credentials for an endpoint to the server, which checks and keeps
   * them.
   *
   * @param send - the request handing them over; it answers who we are
   * @param refused - updates the reason and state when they do not work
   * @returns whether they work
   */
  protected async sendCredentials(
    endpoint: T,
    send: () => Promise<Whoami>,
    refused: (error: unknown) => void
  ): Promise<boolean> {
    this._submitting = true;
    this.setState('connecting', '');
    try {
      const whoami = await send();
      if (endpoint !== this._endpoint) {
        return false;
      }
      await this._refresh();
      this._submitting = false;
      this._endpointChanged.emit(this._endpoint);
      this.connected(whoami);
      return true;
    } catch (error) {
      this._submitting = false;
      if (endpoint === this._endpoint) {
        this._whoami = null;
        refused(error);
      }
      return false;
    }
  }

  /**
   * Ask the server to forget the credentials the user gave, then see who we
   * are without them.
   */
  protected async dropCredentials(forget: () => Promise<void>): Promise<void> {
    try {
      await forget();
    } catch (error) {
      this.setState(this._state, errorMessage(error));
      return;
    }
    await this._refresh();
    this._endpointChanged.emit(this._endpoint);
    await this.connect();
  }

  /**
   * Take who we are on the chosen endpoint.
   */
  protected connected(whoami: Whoami): void {
    this._whoami = whoami;
    this._credentialsReason = null;
    this.setState('connected', '');
  }

  /**
   * Ask for credentials when the error is about them (or when
   * `fallbackReason` is given); otherwise show the error.
   */
  protected failed(error: unknown, fallbackReason?: string): void {
    this._whoami = null;
    if (hasReason(error, 'credentials_missing', 'credentials_rejected')) {
      this._credentialsReason = (error as { reason: string }).reason;
      this.setState(this._credentialsState, errorMessage(error));
    } else if (fallbackReason) {
      this._credentialsReason = this._credentialsReason ?? fallbackReason;
      this.setState(this._credentialsState, errorMessage(error));
    } else {
      this.setState('error', errorMessage(error));
    }
  }

  protected setCredentialsReason(reason: string | null): void {
    this._credentialsReason = reason;
  }

  protected setState(state: EndpointState<Extra>, message: string): void {
    this._state = state;
    this._message = message;
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  /**
   * Ask for the endpoints again (credentials changed), keeping the choice.
   */
  private async _refresh(): Promise<void> {
    try {
      const list = await this.fetchEndpoints();
      const name = this._endpoint?.name;
      if (Array.isArray(list.endpoints)) {
        this._endpoints = list.endpoints;
      }
      this._endpoint = this.find(name) ?? this._endpoint;
    } catch {
      // Keep what we know.
    }
  }

  private _setEndpoint(endpoint: T | null): void {
    if (endpoint === this._endpoint) {
      return;
    }
    this._endpoint = endpoint;
    this._whoami = null;
    this._credentialsReason = null;
    this._endpointChanged.emit(endpoint);
  }

  private _changed = new Signal<this, void>(this);
  private _credentialsReason: string | null = null;
  private _credentialsState: Extra;
  private _endpoint: T | null = null;
  private _endpointChanged = new Signal<this, T | null>(this);
  private _endpoints: T[] = [];
  private _isDisposed = false;
  private _memory: IEndpointMemory | null;
  private _message = '';
  private _noun: string;
  private _state: EndpointState<Extra> = 'loading';
  private _submitting = false;
  private _whoami: Whoami | null = null;
}

/**
 * The namespace for `EndpointModel` statics.
 */
export namespace EndpointModel {
  export interface IOptions<Extra extends string> {
    /** Where the chosen endpoint is remembered. */
    memory?: IEndpointMemory | null;
    /** What an endpoint is called in console warnings. */
    noun: string;
    /** The state shown while credentials are asked for. */
    credentialsState: Extra;
  }
}
