/**
 * Where a form sends files in Rucio: an instance, and the RSE and scope
 * chosen among those that instance offers.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { Loaded, Model } from '../components/model';
import { RucioClient } from './client';
import { IRucioInstance } from './types';

/**
 * The RSEs and scopes of one instance.
 */
interface IChoices {
  rses: string[];
  scopes: string[];
}

/**
 * The instance, RSE and scope of an upload or a registration.
 */
export class RucioDestination extends Model {
  constructor(options: RucioDestination.IOptions) {
    super();
    this.client = options.client;
    this._instances = options.instances;
    this._instance = options.instance ?? options.instances[0]?.name ?? '';
    this._preferDestinationRse = options.preferDestinationRse ?? false;
    this._trans = options.trans ?? nullTranslator.load('vre_lab');
  }

  readonly client: RucioClient;

  get instances(): readonly IRucioInstance[] {
    return this._instances;
  }

  get instance(): string {
    return this._instance;
  }

  get rses(): readonly string[] {
    return this._choices.value.rses;
  }

  get scopes(): readonly string[] {
    return this._choices.value.scopes;
  }

  /**
   * Whether the RSEs and scopes are on their way.
   */
  get loading(): boolean {
    return this._choices.loading;
  }

  /**
   * Why the RSEs or scopes could not be loaded, or an empty string.
   */
  get error(): string {
    return this._choices.error;
  }

  /**
   * The RSE chosen, when the instance offers it; otherwise the default: the
   * instance's destination RSE (when preferred and offered), or the first.
   */
  get rse(): string {
    const rses = this.rses;
    if (rses.includes(this._rse)) {
      return this._rse;
    }
    const destination = this._preferDestinationRse
      ? this._instances.find(i => i.name === this._instance)?.destination_rse
      : null;
    return destination && rses.includes(destination)
      ? destination
      : (rses[0] ?? '');
  }
  set rse(value: string) {
    this._rse = value;
    this.emitChanged();
  }

  /**
   * The scope chosen, when the instance offers it; otherwise a user scope,
   * or the first.
   */
  get scope(): string {
    const scopes = this.scopes;
    if (scopes.includes(this._scope)) {
      return this._scope;
    }
    return scopes.find(s => s.startsWith('user.')) ?? scopes[0] ?? '';
  }
  set scope(value: string) {
    this._scope = value;
    this.emitChanged();
  }

  /**
   * Choose another instance and load its RSEs and scopes.
   */
  async chooseInstance(name: string): Promise<void> {
    this._instance = name;
    this.emitChanged();
    await this.load();
  }

  /**
   * Load the RSEs and scopes of the chosen instance; an answer for an
   * instance the user has since left is dropped.
   */
  async load(): Promise<void> {
    const instance = this._instance;
    if (!instance) {
      return;
    }
    await this._choices.load(
      async () => {
        const [rses, scopes] = await Promise.all([
          this.client.rses(instance),
          this.client.scopes(instance)
        ]);
        return { rses, scopes };
      },
      { stale: () => instance !== this._instance, clear: true }
    );
  }

  /**
   * What is missing, or null when the destination is complete.
   */
  get problem(): string | null {
    const trans = this._trans;
    if (!this._instance) {
      return trans.__('Choose a Rucio instance.');
    }
    if (!this.rse) {
      return trans.__('Choose an RSE.');
    }
    if (!this.scope) {
      return trans.__('Choose a scope.');
    }
    return null;
  }

  private _choices = new Loaded<IChoices>({ rses: [], scopes: [] }, () =>
    this.emitChanged()
  );
  private _instance: string;
  private _instances: readonly IRucioInstance[];
  private _preferDestinationRse: boolean;
  private _rse = '';
  private _scope = '';
  private _trans: TranslationBundle;
}

/**
 * The namespace for `RucioDestination` statics.
 */
export namespace RucioDestination {
  export interface IOptions {
    client: RucioClient;
    instances: readonly IRucioInstance[];
    /** The instance chosen first (default: the first). */
    instance?: string | null;
    /** Whether the RSE defaults to the instance's destination RSE. */
    preferDestinationRse?: boolean;
    trans?: TranslationBundle;
  }
}
