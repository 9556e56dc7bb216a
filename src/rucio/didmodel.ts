/**
 * One DID opened in the Data panel: its metadata and availability, its
 * replication rules and, for a collection, its files with their replicas
 * (paged, loaded on demand).
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { IJob } from '../api';
import { JobFollower } from '../components/jobs';
import { Loaded, Model, Submission } from '../components/model';
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
export class DIDModel extends Model {
  constructor(options: DIDModel.IOptions) {
    super();
    this.client = options.client;
    this.instance = options.instance;
    this.did = options.did.did;
    this.summary = options.did;
    this.pageSize = options.pageSize ?? 100;
    this.morePageSize = options.morePageSize ?? MORE_PAGE_SIZE;
    this._mode = this.instance.default_mode;
    this._follow = options.follow;
    this._trans = options.trans ?? nullTranslator.load('vre_lab');
    this.files.changed.connect(this.emitChanged, this);
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
   * The DID's metadata and availability, once loaded.
   */
  get detail(): IRucioDIDDetail | null {
    return this._detail.value;
  }

  /**
   * Why the DID could not be loaded, or an empty string.
   */
  get error(): string {
    return this._detail.error;
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
    return this._rules.value;
  }

  /**
   * Why the rules could not be loaded, or an empty string.
   */
  get rulesError(): string {
    return this._rules.error;
  }

  /**
   * Whether the DID holds files (a dataset or a container).
   */
  get isCollection(): boolean {
    return (this._detail.value?.type ?? this.summary.type) !== 'file';
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
      this.emitChanged();
    }
  }

  /**
   * Whether the DID can be read here in the chosen mode: the server's
   * answer when it is about that mode, else what a make-available job
   * started here achieved.
   */
  get availability(): IRucioAvailability | null {
    const server =
      this._detail.value?.availability_by_mode?.[this._mode] ??
      this._detail.value?.availability ??
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
    return this._makingAvailable.busy;
  }

  /**
   * Make the DID available here in the chosen mode, following the job; then
   * reload what changed (availability, rules, files).
   *
   * @returns the ended job
   */
  async makeAvailable(): Promise<IJob | null> {
    if (this._makingAvailable.busy) {
      return null;
    }
    const mode = this._mode;
    let job: IJob | null = null;
    await this._makingAvailable.run(
      async () => {
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
      },
      // The follower reports a failure.
      { describe: () => '' }
    );
    if (!this.isDisposed) {
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
    this.emitChanged();
    const detail = this._detail.load(() => this.client.did(instance, this.did));
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
    this.emitChanged();
  }

  /**
   * Reload the rules only.
   */
  async loadRules(): Promise<void> {
    await this._rules.load(
      () => this.client.didRules(this.instance.name, this.did),
      { clear: true }
    );
  }

  dispose(): void {
    if (!this.isDisposed) {
      this.files.dispose();
    }
    super.dispose();
  }

  private _detail = new Loaded<IRucioDIDDetail | null>(null, () =>
    this.emitChanged()
  );
  private _follow: JobFollower;
  private _loading = false;
  private _madeAvailable = new Set<RucioMode>();
  private _makingAvailable = new Submission(() => this.emitChanged());
  private _mode: RucioMode;
  private _rules = new Loaded<IRucioRule[] | null>(null, () =>
    this.emitChanged()
  );
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
