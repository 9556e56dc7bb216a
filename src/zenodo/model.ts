/**
 * The model of the Publish section (Zenodo / InvenioRDM): the repository
 * choice, the user's uploads, the search, and the unfinished uploads.
 * Views only read it and call its methods.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import {
  errorMessage,
  IJob,
  RequestFunction,
  unavailableRequest
} from '../api';
import { JobFollower, silentFollower } from '../components/jobs';
import { ServiceModel } from '../components/servicemodel';
import { HandshakeModel } from '../handshake';
import { hitsPages, IPageQuery, PublishClient } from './client';
import { NumberedPagesModel } from '../components/numberedpages';
import { IRepositoryMemory, RepositoryModel } from './repositorymodel';
import {
  ICommunity,
  IRecordFile,
  IRecordSearchPage,
  IRecordSummary,
  IVocabularies
} from './types';
import { UploadJobsModel } from './uploadjobs';
import { UploadLauncher } from './uploader';

/**
 * The tabs of the Publish section.
 */
export type PublishTab = 'uploads' | 'search' | 'unfinished';

/**
 * What the Search tab looks for.
 */
export type SearchKind = 'records' | 'communities';

/**
 * The files of a record, as far as they are known.
 */
export interface IRecordFiles {
  state: 'loading' | 'ready' | 'error';
  files: IRecordFile[];
  error: string;
}

/**
 * The state of the Publish section.
 */
export class PublishModel extends ServiceModel {
  constructor(options: PublishModel.IOptions) {
    super({ service: 'publish', handshake: options.handshake });
    this.trans = options.trans ?? nullTranslator.load('vre_lab');
    this.enabled = options.request !== undefined;
    const request =
      options.request ??
      unavailableRequest(
        this.trans.__('The Publish section has no connection to the server.')
      );
    this.client = new PublishClient(request);
    this.follow = options.follow ?? silentFollower(request);
    this.repositories = new RepositoryModel({
      client: this.client,
      memory: options.memory,
      trans: this.trans
    });
    const listOptions = {
      pageSize: options.pageSize,
      searchDelay: options.searchDelay
    };
    this.uploads = new NumberedPagesModel<IRecordSummary>(listOptions);
    this.records = new NumberedPagesModel<IRecordSummary>(listOptions);
    this.communities = new NumberedPagesModel<ICommunity>(listOptions);
    this.uploadJobs = new UploadJobsModel({ client: this.client });
    this.launcher = new UploadLauncher({
      client: this.client,
      jobs: this.uploadJobs,
      follow: this.follow,
      repositoryLabel: name => this.repositories.label(name),
      onChanged: () => {
        void this.uploads.refresh();
      },
      trans: this.trans
    });
    this.uploadJobs.changed.connect(this._emit, this);
    this.repositories.changed.connect(this._onRepositoriesChanged, this);
    this.handshake.changed.connect(this._onHandshake, this);
    this._onHandshake();
  }

  readonly trans: TranslationBundle;

  /**
   * Whether the model can talk to the server; without a request function
   * the section only shows the service's status.
   */
  readonly enabled: boolean;

  readonly client: PublishClient;
  readonly follow: JobFollower;
  readonly repositories: RepositoryModel;
  /** My uploads: the user's drafts and records on the chosen repository. */
  readonly uploads: NumberedPagesModel<IRecordSummary>;
  /** Search: public records of the chosen repository. */
  readonly records: NumberedPagesModel<IRecordSummary>;
  /** Search: communities of the chosen repository. */
  readonly communities: NumberedPagesModel<ICommunity>;
  readonly uploadJobs: UploadJobsModel;
  readonly launcher: UploadLauncher;

  /**
   * The repository whose records are listed (null: none, or the RO-Crate
   * export, which has no records).
   */
  get repository(): string | null {
    return this._listed;
  }

  get tab(): PublishTab {
    return this._tab;
  }
  set tab(tab: PublishTab) {
    if (tab !== this._tab) {
      this._tab = tab;
      this._emit();
    }
  }

  /**
   * The DOI the record search looked up when the text searched for is a
   * DOI, null for words; it belongs to the page `records` shows when ready.
   */
  get searchedDoi(): string | null {
    return this._searchedDoi;
  }

  get searchKind(): SearchKind {
    return this._searchKind;
  }
  set searchKind(kind: SearchKind) {
    if (kind !== this._searchKind) {
      this._searchKind = kind;
      this._emit();
    }
  }

  /**
   * Records and communities per page.
   */
  set pageSize(size: number) {
    this.uploads.pageSize = size;
    this.records.pageSize = size;
    this.communities.pageSize = size;
  }

  /**
   * The vocabularies of the form, asked for once.
   */
  vocabularies(): Promise<IVocabularies> {
    if (!this._vocabularies) {
      this._vocabularies = this.client.vocabularies().catch(error => {
        this._vocabularies = null;
        throw error;
      });
    }
    return this._vocabularies;
  }

  /**
   * Start: ask for the repositories and the unfinished uploads.
   */
  start(): Promise<void> {
    if (!this._started) {
      this._started = Promise.all([
        this.repositories.load(),
        this.uploadJobs.load().catch(() => undefined)
      ]).then(() => undefined);
    }
    return this._started;
  }

  /**
   * Ask for everything shown again.
   */
  async refresh(): Promise<void> {
    if (!this._started) {
      return this.start();
    }
    await Promise.all([
      this.uploads.refresh(),
      this.uploadJobs.load().catch(() => undefined),
      this._tab === 'search'
        ? this._searchKind === 'records'
          ? this.records.refresh()
          : this.communities.refresh()
        : Promise.resolve()
    ]);
  }

  /**
   * The files of a record, once `loadFiles` was called for it.
   */
  files(id: string): IRecordFiles | null {
    return this._files.get(id) ?? null;
  }

  /**
   * Ask for the files of a record of the listed repository.
   */
  async loadFiles(id: string, draft = false): Promise<void> {
    const repository = this._listed;
    if (!repository) {
      return;
    }
    this._files.set(id, { state: 'loading', files: [], error: '' });
    this._emit();
    try {
      const detail = await this.client.record(repository, id, draft);
      this._files.set(id, {
        state: 'ready',
        files: Array.isArray(detail.files) ? detail.files : [],
        error: ''
      });
    } catch (error) {
      this._files.set(id, {
        state: 'error',
        files: [],
        error: errorMessage(error)
      });
    }
    this._emit();
  }

  /**
   * Forget the files of a record (the view folds them).
   */
  hideFiles(id: string): void {
    if (this._files.delete(id)) {
      this._emit();
    }
  }

  /**
   * Discard a draft of My uploads.
   *
   * @throws the request's error
   */
  async discardDraft(record: IRecordSummary): Promise<void> {
    const repository = this._listed;
    if (!repository) {
      return;
    }
    await this.client.discardDraft(repository, record.id);
    this.uploads.update(item => item.id === record.id, null);
    void this.uploads.refresh();
  }

  /**
   * Download files of a record into the workspace (all by default), with a
   * progress notification.
   *
   * @returns the ended job, or null when it could not be started
   */
  async download(
    record: IRecordSummary,
    files?: string[],
    destination?: string
  ): Promise<IJob | null> {
    const repository = this._listed;
    if (!repository) {
      return null;
    }
    const trans = this.trans;
    const title = record.title || record.id;
    try {
      return await this.follow(
        () =>
          this.client.download(repository, record.id, { files, destination }),
        {
          pending: trans.__('Downloading %1…', title),
          success: job =>
            trans.__(
              'Downloaded %1 into %2.',
              title,
              String(job.result?.destination ?? job.result?.path ?? '')
            ),
          failure: job =>
            trans.__('Downloading %1 failed: %2', title, job.message)
        }
      );
    } catch {
      return null;
    }
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.handshake.changed.disconnect(this._onHandshake, this);
    this.uploads.dispose();
    this.records.dispose();
    this.communities.dispose();
    this.uploadJobs.dispose();
    this.repositories.dispose();
    super.dispose();
  }

  private _onHandshake(): void {
    if (this.enabled && this.handshakeState === 'ok') {
      void this.start();
    }
  }

  private _onRepositoriesChanged(): void {
    const repositories = this.repositories;
    const chosen = repositories.repository;
    const listed =
      repositories.ready && chosen && chosen.kind !== 'rocrate'
        ? chosen.name
        : null;
    if (listed !== this._listed) {
      this._listed = listed;
      this._files.clear();
      const client = this.client;
      void this.uploads.setFetcher(
        listed ? hitsPages(query => client.records(listed, query)) : null
      );
      void this.records.setFetcher(
        listed
          ? hitsPages(query => this._searchRecords(client, listed, query))
          : null
      );
      void this.communities.setFetcher(
        listed ? hitsPages(query => client.communities(listed, query)) : null
      );
    }
    this._emit();
  }

  /**
   * The list keeps only the answer to its latest request, so the DOI kept
   * is the one of the latest request too.
   */
  private async _searchRecords(
    client: PublishClient,
    repository: string,
    query: IPageQuery
  ): Promise<IRecordSearchPage> {
    const call = ++this._searchCalls;
    this._searchedDoi = null;
    const answer = await client.search(repository, query);
    if (call === this._searchCalls) {
      this._searchedDoi = answer?.doi ?? null;
    }
    return answer;
  }

  private _emit(): void {
    if (!this.isDisposed) {
      this.stateChanged.emit();
    }
  }

  private _files = new Map<string, IRecordFiles>();
  private _listed: string | null = null;
  private _searchCalls = 0;
  private _searchedDoi: string | null = null;
  private _searchKind: SearchKind = 'records';
  private _started: Promise<void> | null = null;
  private _tab: PublishTab = 'uploads';
  private _vocabularies: Promise<IVocabularies> | null = null;
}

/**
 * The namespace for `PublishModel` statics.
 */
export namespace PublishModel {
  export interface IOptions {
    handshake: HandshakeModel;
    /** Calls the vre-lab REST API (`IVRELab.request`). */
    request?: RequestFunction;
    /** Follows jobs (with notifications in the lab); silent by default. */
    follow?: JobFollower;
    /** Where the chosen repository is remembered. */
    memory?: IRepositoryMemory | null;
    /** Records per page (20). */
    pageSize?: number;
    /** Milliseconds after the last keystroke before searching (300). */
    searchDelay?: number;
    trans?: TranslationBundle;
  }
}
