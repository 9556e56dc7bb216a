/**
 * One DID opened in the Data panel: its metadata and availability, its
 * replication rules and, for a collection, its files with their replicas
 * (paged, loaded on demand).
 */
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { errorMessage, IJob } from '../api';
import { JobFollower } from '../components/jobs';
import { PagedList } from '../components/pagedlist';
import { followMakeAvailable } from './availability';
import { MORE_PAGE_SIZE, RucioClient } from './client';
import {
  IRucioAvailability,
  IRucioDID,
  IRucioDIDDetail,
  IRucioFile,
  IRucioInstance,
  IRucioRule,
  RucioMode
} from './types';

/**
 * The model of one DID's detail.
 */
export class DIDModel implements IDisposable {
  constructor(options: DIDModel.IOptions) {
    this.client = options.client;
    this.instance = options.instance;
    this.did = options.did.did;
    this.summary = options.did;
    this.pageSize = options.pageSize ?? 100;
    this.morePageSize = options.morePageSize ?? MORE_PAGE_SIZE;
    this._mode = this.instance.default_mode;
    this._follow = options.follow;
    this._trans = options.trans ?? nullTranslator.load('vre_lab');
    this.files.changed.connect(this._emit, this);
  }

  readonly client: RucioClient;

  /**
   * The instance the DID lives on.
   */
  readonly instance: IRucioInstance;

  /**
   * `SCOPE:NAME`.
   */
  readonly did: string;

  /**
   * The DID as the search listed it.
   */
  readonly summary: IRucioDID;

  /**
   * Files per page.
   */
  readonly pageSize: number;

  /**
   * Files in each page after the first.
   */
  readonly morePageSize: number;

  /**
   * The files of a collection.
   */
  readonly files = new PagedList<IRucioFile>();

  /**
   * Emitted whenever anything here changes.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * The DID's metadata and availability, once loaded.
   */
  get detail(): IRucioDIDDetail | null {
    return this._detail;
  }

  /**
   * Why the DID could not be loaded, or an empty string.
   */
  get error(): string {
    return this._error;
  }

  /**
   * Whether the detail is on its way.
   */
  get loading(): boolean {
    return this._loading;
  }

  /**
   * The replication rules, once loaded.
   */
  get rules(): readonly IRucioRule[] | null {
    return this._rules;
  }

  /**
   * Why the rules could not be loaded, or an empty string.
   */
  get rulesError(): string {
    return this._rulesError;
  }

  /**
   * Whether the DID holds files (a dataset or a container).
   */
  get isCollection(): boolean {
    return (this._detail?.type ?? this.summary.type) !== 'file';
  }

  /**
   * The modes the instance offers.
   */
  get modes(): readonly RucioMode[] {
    return this.instance.modes;
  }

  /**
   * The mode "Make available" uses.
   */
  get mode(): RucioMode {
    return this._mode;
  }
  set mode(mode: RucioMode) {
    if (this.instance.modes.includes(mode)) {
      this._mode = mode;
      this._emit();
    }
  }

  /**
   * Whether the DID can be read here in the chosen mode: the server's
   * answer when it is about that mode, else what a make-available job
   * started here achieved.
   */
  get availability(): IRucioAvailability | null {
    const server =
      this._detail?.availability_by_mode?.[this._mode] ??
      this._detail?.availability ??
      null;
    if (server && server.mode === this._mode && server.state === 'available') {
      return server;
    }
    if (this._madeAvailable.has(this._mode)) {
      return { state: 'available', mode: this._mode };
    }
    return server;
  }

  /**
   * Whether a make-available job started here is running.
   */
  get makingAvailable(): boolean {
    return this._makingAvailable;
  }

  /**
   * Make the DID available here in the chosen mode, following the job; then
   * reload what changed (availability, rules, files).
   *
   * @returns the ended job
   */
  async makeAvailable(): Promise<IJob | null> {
    if (this._makingAvailable) {
      return null;
    }
    this._makingAvailable = true;
    this._emit();
    const mode = this._mode;
    let job: IJob | null = null;
    try {
      job = await followMakeAvailable(
        this.client,
        { instance: this.instance.name, did: this.did, mode },
        this._follow,
        this._trans,
        () => {
          void this.makeAvailable();
        }
      );
      if (job.state === 'succeeded') {
        this._madeAvailable.add(mode);
      }
    } catch {
      // The follower reported it.
    } finally {
      this._makingAvailable = false;
      this._emit();
    }
    if (!this._isDisposed) {
      await this.load();
    }
    return job;
  }

  /**
   * Load (or reload) the detail, the rules and the first page of files.
   */
  async load(): Promise<void> {
    const instance = this.instance.name;
    this._loading = true;
    this._error = '';
    this._emit();
    const detail = this.client.did(instance, this.did).then(
      value => {
        this._detail = value;
      },
      error => {
        this._error = errorMessage(error);
      }
    );
    const rules = this.loadRules();
    const files = this.isCollection
      ? this.files.reset(cursor =>
          this.client.didFiles(
            instance,
            this.did,
            cursor,
            cursor ? this.morePageSize : this.pageSize
          )
        )
      : this.files.reset(null);
    await Promise.all([detail, rules, files]);
    this._loading = false;
    this._emit();
  }

  /**
   * Reload the rules only.
   */
  async loadRules(): Promise<void> {
    try {
      this._rules = await this.client.didRules(this.instance.name, this.did);
      this._rulesError = '';
    } catch (error) {
      this._rules = null;
      this._rulesError = errorMessage(error);
    }
    this._emit();
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this.files.dispose();
    Signal.clearData(this);
  }

  private _emit(): void {
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  private _changed = new Signal<this, void>(this);
  private _detail: IRucioDIDDetail | null = null;
  private _error = '';
  private _isDisposed = false;
  private _follow: JobFollower;
  private _loading = false;
  private _madeAvailable = new Set<RucioMode>();
  private _makingAvailable = false;
  private _mode: RucioMode;
  private _rules: IRucioRule[] | null = null;
  private _rulesError = '';
  private _trans: TranslationBundle;
}

/**
 * The namespace for `DIDModel` statics.
 */
export namespace DIDModel {
  export interface IOptions {
    client: RucioClient;
    instance: IRucioInstance;
    did: IRucioDID;
    /** Follows make-available jobs (with a notification in the lab). */
    follow: JobFollower;
    /** Files in the first page (default 100). */
    pageSize?: number;
    /** Files in each next page (default MORE_PAGE_SIZE). */
    morePageSize?: number;
    trans?: TranslationBundle;
  }
}
