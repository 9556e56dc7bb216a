/**
 * The model of one publish form: its lifecycle around the deposit being
 * edited (`DepositEditor`, which checks it in the browser at every edit):
 * the files, the target repository, the prefill, the server's check
 * (debounced and authoritative), and the upload or export with its
 * progress, up to the published DOI.
 */
import { PathExt } from '@jupyterlab/coreutils';
import { TranslationBundle } from '@jupyterlab/translation';

import { errorMessage, IJob } from '../api';
import { hitsPages, PublishClient } from './client';
import { NumberedPagesModel } from '../components/numberedpages';
import { DepositEditor } from './depositeditor';
import { prefillDeposit } from './prefill';
import { RepositoryModel } from './repositorymodel';
import {
  ICommunity,
  IDeposit,
  IFieldError,
  IPublished,
  IUploadRequest,
  IVocabularies,
  RepositoryKind,
  ROCRATE
} from './types';
import { ChosenFiles, FileLister, IChosenFile } from './chosenfiles';
import { commonFolder, FormPhase, PublishAsker } from './formtypes';
import { ServerCheck } from './servercheck';
import { UploadLauncher } from './uploader';
import { UploadRun } from './uploadrun';

// What other modules import from here.
export { FileLister, IChosenFile } from './chosenfiles';
export {
  commonFolder,
  FormPhase,
  IUploadedDraft,
  PublishAsker
} from './formtypes';

/**
 * The model of a publish form.
 */
export class PublishFormModel extends DepositEditor {
  constructor(options: PublishFormModel.IOptions) {
    super({ today: options.today, trans: options.trans });
    this._client = options.client;
    this.repositories = options.repositories;
    this._vocabulariesOf = options.vocabularies;
    this._chosen = new ChosenFiles({
      paths: options.paths,
      list: options.listFiles,
      changed: () => this.emit()
    });
    this._repository =
      options.repository ?? options.repositories.repository?.name ?? ROCRATE;
    this.continuesDraft = options.draft ?? null;
    this.newVersionOf = options.newVersionOf ?? null;
    this.citationFolder = options.citationFolder ?? commonFolder(options.paths);
    this._run = new UploadRun({
      launcher: options.launcher,
      ask: options.askPublish,
      draft: options.draft,
      target: () => ({
        repository: this._repository,
        title: this.label,
        citationFolder: this.citationFolder,
        isExport: this.isExport
      }),
      changed: () => this.emit()
    });
    this._server = new ServerCheck({
      ask: () => this._client.validate(this.deposit, this._repository),
      answered: () => this.emit(),
      delay: options.validateDelay
    });
    this.communities = new NumberedPagesModel<ICommunity>({ pageSize: 10 });
  }

  /**
   * The communities found for the picker (none for an RO-Crate).
   */
  readonly communities: NumberedPagesModel<ICommunity>;

  readonly repositories: RepositoryModel;
  /** The draft this form continues, if any. */
  readonly continuesDraft: string | null;
  /** The published record this form makes a new version of, if any. */
  readonly newVersionOf: string | null;
  /** Where CITATION.cff may receive the DOI. */
  readonly citationFolder: string | null;

  get phase(): FormPhase {
    return this._run.phase;
  }

  /**
   * The form's problem in one line (prefill, upload, publish), or ''.
   */
  get message(): string {
    return this._run.message;
  }

  /**
   * Where the prefilled values came from (`CITATION.cff`, ...).
   */
  get sources(): readonly string[] {
    return this._sources;
  }

  get paths(): readonly string[] {
    return this._chosen.paths;
  }

  /**
   * The chosen files with their sizes, once known.
   */
  get files(): readonly IChosenFile[] {
    return this._chosen.files;
  }

  /**
   * The size of every chosen file, or null while any is unknown.
   */
  get totalBytes(): number | null {
    return this._chosen.totalBytes;
  }

  get repository(): string {
    return this._repository;
  }
  set repository(name: string) {
    if (name !== this._repository && this.repositories.find(name)) {
      this._repository = name;
      this.changedDeposit();
      this._searchCommunities();
    }
  }

  get isExport(): boolean {
    return this._repository === ROCRATE;
  }

  /**
   * Keep the previous version's files in a new version.
   */
  get keepFiles(): boolean {
    return this._keepFiles;
  }
  set keepFiles(keep: boolean) {
    this._keepFiles = keep;
    this.emit();
  }

  /**
   * The form's title for people.
   */
  get label(): string {
    const title = this.deposit.metadata.title.trim();
    if (title) {
      return title;
    }
    return this.paths.length
      ? PathExt.basename(this.paths[0])
      : this.trans.__('Untitled');
  }

  /**
   * Errors to show: the client-side check's, and the server's once it has
   * checked this very deposit.
   */
  get errors(): readonly IFieldError[] {
    return this._server.merged(this.check).errors;
  }

  get warnings(): readonly IFieldError[] {
    return this._server.merged(this.check).warnings;
  }

  /**
   * The error messages of one field (an exact InvenioRDM path).
   */
  fieldErrors(field: string): string[] {
    return this.errors.filter(e => e.field === field).map(e => e.message);
  }

  /**
   * Whether the server is checking (or about to check) the deposit.
   */
  get validating(): boolean {
    return !this._server.fresh;
  }

  /**
   * Why the server could not check the deposit, or ''.
   */
  get serverProblem(): string {
    return this._server.problem;
  }

  get canSubmit(): boolean {
    return (
      this._run.sendable &&
      (this.paths.length > 0 || this.continuesDraft !== null) &&
      this._server.fresh &&
      this.errors.length === 0
    );
  }

  /**
   * The upload (or export) job while it runs, and as it ended.
   */
  get job(): IJob | null {
    return this._run.job;
  }

  /**
   * The draft the upload made or continues, once there is one.
   */
  get draft(): string | null {
    return this._run.draft;
  }

  get published(): IPublished | null {
    return this._run.published;
  }

  /**
   * The RO-Crate zip, relative to the server root, once exported.
   */
  get exportedPath(): string | null {
    return this._run.exportedPath;
  }

  /**
   * Prefill: the vocabularies, the files' sizes, and the deposit (from the
   * draft continued, the record versioned, or the files' CITATION.cff or
   * codemeta.json, the last deposit, and the defaults).
   */
  async start(): Promise<void> {
    const trans = this.trans;
    const vocabularies = this._vocabulariesOf().catch(error => {
      console.warn('vre-lab: no vocabularies', errorMessage(error));
      return null;
    });
    const files = this._chosen.load();
    let deposit: IDeposit | null = null;
    let problem = '';
    try {
      const source = {
        repository: this._repository,
        draft: this.continuesDraft,
        newVersionOf: this.newVersionOf,
        paths: this.paths,
        today: this.today
      };
      const prefill = await prefillDeposit(this._client, source, trans);
      deposit = prefill.deposit;
      this._sources = prefill.sources;
    } catch (error) {
      problem = trans.__('Could not prefill: %1', errorMessage(error));
    }
    this.reset(deposit, await vocabularies);
    await files;
    this._run.ready(problem);
    this.changedDeposit();
  }

  /**
   * Look for communities once the user types in the picker.
   */
  set communityQuery(query: string) {
    if (query.trim() && this.communities.state === 'empty') {
      this._searchCommunities();
    }
    this.communities.query = query;
  }

  /**
   * Choose another set of files (a new version, or a path typed in).
   */
  setPaths(paths: string[]): void {
    this._chosen.choose(paths);
  }

  /**
   * What `POST repositories/{r}/uploads` receives.
   */
  request(): IUploadRequest {
    const request: IUploadRequest = {
      paths: [...this.paths],
      deposit: this.deposit
    };
    const draft = this._run.draft;
    if (draft) {
      request.draft = draft;
    } else if (this.newVersionOf) {
      request.new_version_of = this.newVersionOf;
      request.keep_files = this._keepFiles;
    }
    return request;
  }

  /**
   * Upload (or export), follow the job, then offer to publish.
   */
  async submit(): Promise<void> {
    if (this.canSubmit) {
      await this._run.start(this.request());
    }
  }

  /**
   * Continue the failed upload into the same draft.
   */
  resume(): Promise<void> {
    return this._run.resume();
  }

  /**
   * Discard the failed upload's draft; the form can be sent again.
   */
  discard(): Promise<void> {
    return this._run.discard();
  }

  /**
   * Ask the user whether to publish the uploaded draft, and publish it.
   */
  publish(): Promise<void> {
    return this._run.publish();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._server.dispose();
    this.communities.dispose();
    super.dispose();
  }

  private _searchCommunities(): void {
    const repository = this._repository;
    void this.communities.setFetcher(
      repository === ROCRATE
        ? null
        : hitsPages(query => this._client.communities(repository, query))
    );
  }

  protected get kind(): RepositoryKind | null {
    return this.repositories.find(this._repository)?.kind ?? null;
  }

  /**
   * Check in the browser now, on the server after a pause.
   */
  protected changedDeposit(): void {
    this._server.changed(this._run.phase !== 'loading');
    super.changedDeposit();
  }

  private _chosen: ChosenFiles;
  private _client: PublishClient;
  private _keepFiles = true;
  private _repository: string;
  private _run: UploadRun;
  private _server: ServerCheck;
  private _sources: string[] = [];
  private _vocabulariesOf: () => Promise<IVocabularies>;
}

/**
 * The namespace for `PublishFormModel` statics.
 */
export namespace PublishFormModel {
  export interface IOptions {
    client: PublishClient;
    /** The repositories (their kinds and names). */
    repositories: RepositoryModel;
    launcher: UploadLauncher;
    /** The vocabularies (asked for once, shared by every form). */
    vocabularies: () => Promise<IVocabularies>;
    /** The files and folders to publish, relative to the server root. */
    paths: string[];
    /** The target; the chosen repository by default. */
    repository?: string;
    /** Continue this draft. */
    draft?: string | null;
    /** Make a new version of this published record. */
    newVersionOf?: string | null;
    listFiles?: FileLister;
    /** Where CITATION.cff may receive the DOI (the paths' folder). */
    citationFolder?: string | null;
    askPublish?: PublishAsker;
    /** Milliseconds after the last edit before the server checks (500). */
    validateDelay?: number;
    /** `YYYY-MM-DD` (tests). */
    today?: string;
    trans?: TranslationBundle;
  }
}
