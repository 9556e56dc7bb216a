/**
 * The model of one publish form: the files, the target repository, the
 * deposit being edited (prefilled), its validation (a client-side check
 * at every edit, then the server's, debounced and authoritative), and the
 * upload or export with its progress, up to the published DOI.
 */
import { PathExt } from '@jupyterlab/coreutils';
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { Debouncer } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';

import { errorMessage, IJob } from '../api';
import { hitsPages, PublishClient } from './client';
import { NumberedPagesModel } from '../components/numberedpages';
import {
  AccessMode,
  accessFor,
  editableDeposit,
  EntityList,
  moved,
  newPerson,
  parseKeywords,
  today,
  withType
} from './deposit';
import { RepositoryModel } from './repositorymodel';
import {
  ICommunity,
  IDeposit,
  IEntity,
  IFieldError,
  IPublished,
  IRelatedIdentifier,
  IUploadRequest,
  IVocabularies,
  ROCRATE
} from './types';
import { UploadLauncher } from './uploader';
import { uploadDraft, uploadResult } from './uploadjobs';
import { checkDeposit } from './validate';

/**
 * Where the form stands.
 *
 * - `loading`: prefilling.
 * - `editing`: the user edits; `canSubmit` says whether it can go.
 * - `uploading`: the upload (or export) job runs; `job` has its progress.
 * - `uploaded`: the draft is complete on the repository, not published.
 * - `failed`: the upload failed or was interrupted: resume or discard.
 * - `done`: published (`published`) or exported (`exportedPath`).
 */
export type FormPhase =
  'loading' | 'editing' | 'uploading' | 'uploaded' | 'failed' | 'done';

/**
 * A chosen file or folder, with its size (a folder's: its files').
 */
export interface IChosenFile {
  path: string;
  type: 'file' | 'directory';
  size: number | null;
  /** For a folder: how many files it holds. */
  files?: number;
}

/**
 * Find the sizes of chosen paths (the lab's contents service).
 */
export type FileLister = (paths: string[]) => Promise<IChosenFile[]>;

/**
 * What a successful upload left: a draft ready to publish.
 */
export interface IUploadedDraft {
  repository: string;
  draft: string;
  title: string;
  /** The folder whose CITATION.cff may receive the DOI. */
  citationFolder: string | null;
}

/**
 * Ask the user whether to publish an uploaded draft, and publish it.
 *
 * @returns the published record, or null when the user kept the draft
 */
export type PublishAsker = (
  draft: IUploadedDraft
) => Promise<IPublished | null>;

/**
 * The model of a publish form.
 */
export class PublishFormModel implements IDisposable {
  constructor(options: PublishFormModel.IOptions) {
    this._client = options.client;
    this.repositories = options.repositories;
    this._launcher = options.launcher;
    this._vocabulariesOf = options.vocabularies;
    this._paths = [...options.paths];
    this._repository =
      options.repository ?? options.repositories.repository?.name ?? ROCRATE;
    this._draft = options.draft ?? null;
    this.continuesDraft = options.draft ?? null;
    this.newVersionOf = options.newVersionOf ?? null;
    this._listFiles = options.listFiles ?? null;
    this.citationFolder = options.citationFolder ?? commonFolder(options.paths);
    this._ask = options.askPublish ?? null;
    this._today = options.today ?? today();
    this._trans = options.trans ?? nullTranslator.load('vre_lab');
    this._deposit = editableDeposit(null);
    this._debouncer = new Debouncer(
      () => this._validateOnServer(),
      options.validateDelay ?? 500
    );
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

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get phase(): FormPhase {
    return this._phase;
  }

  /**
   * The form's problem in one line (prefill, upload, publish), or ''.
   */
  get message(): string {
    return this._message;
  }

  get deposit(): IDeposit {
    return this._deposit;
  }

  /**
   * Where the prefilled values came from (`CITATION.cff`, ...).
   */
  get sources(): readonly string[] {
    return this._sources;
  }

  get vocabularies(): IVocabularies | null {
    return this._vocabularies;
  }

  get paths(): readonly string[] {
    return this._paths;
  }

  /**
   * The chosen files with their sizes, once known.
   */
  get files(): readonly IChosenFile[] {
    return this._files;
  }

  /**
   * The size of every chosen file, or null while any is unknown.
   */
  get totalBytes(): number | null {
    let total = 0;
    for (const file of this._files) {
      if (file.size === null) {
        return null;
      }
      total += file.size;
    }
    return this._files.length ? total : null;
  }

  get repository(): string {
    return this._repository;
  }
  set repository(name: string) {
    if (name !== this._repository && this.repositories.find(name)) {
      this._repository = name;
      this._changedDeposit();
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
    this._emit();
  }

  /**
   * The form's title for people.
   */
  get label(): string {
    const title = this._deposit.metadata.title.trim();
    if (title) {
      return title;
    }
    return this._paths.length
      ? PathExt.basename(this._paths[0])
      : this._trans.__('Untitled');
  }

  /**
   * Errors to show: the client-side check's, and the server's once it has
   * checked this very deposit.
   */
  get errors(): readonly IFieldError[] {
    const own = this._check.errors;
    if (!this._serverFresh) {
      return own;
    }
    const flagged = new Set(own.map(e => e.field));
    return [...own, ...this._serverErrors.filter(e => !flagged.has(e.field))];
  }

  get warnings(): readonly IFieldError[] {
    const own = this._check.warnings;
    if (!this._serverFresh) {
      return own;
    }
    const flagged = new Set(own.map(e => e.field));
    return [...own, ...this._serverWarnings.filter(e => !flagged.has(e.field))];
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
    return !this._serverFresh;
  }

  /**
   * Why the server could not check the deposit, or ''.
   */
  get serverProblem(): string {
    return this._serverProblem;
  }

  get canSubmit(): boolean {
    return (
      (this._phase === 'editing' || this._phase === 'failed') &&
      (this._paths.length > 0 || this.continuesDraft !== null) &&
      this._serverFresh &&
      this.errors.length === 0
    );
  }

  /**
   * The upload (or export) job while it runs, and as it ended.
   */
  get job(): IJob | null {
    return this._job;
  }

  /**
   * The draft the upload made or continues, once there is one.
   */
  get draft(): string | null {
    return this._draft;
  }

  get published(): IPublished | null {
    return this._published;
  }

  /**
   * The RO-Crate zip, relative to the server root, once exported.
   */
  get exportedPath(): string | null {
    return this._exportedPath;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Prefill: the vocabularies, the files' sizes, and the deposit (from the
   * draft continued, the record versioned, or the files' CITATION.cff or
   * codemeta.json, the last deposit, and the defaults).
   */
  async start(): Promise<void> {
    const trans = this._trans;
    const vocabularies = this._vocabulariesOf().catch(error => {
      console.warn('vre-lab: no vocabularies', errorMessage(error));
      return null;
    });
    const files = this._listFiles
      ? this._listFiles(this._paths).catch(() => [] as IChosenFile[])
      : Promise.resolve([] as IChosenFile[]);
    try {
      if (this.continuesDraft) {
        const record = await this._client.record(
          this._repository,
          this.continuesDraft,
          true
        );
        this._deposit = editableDeposit(record.deposit);
        this._sources = [trans.__('the draft')];
      } else if (this.newVersionOf) {
        const record = await this._client.record(
          this._repository,
          this.newVersionOf
        );
        this._deposit = editableDeposit(record.deposit);
        this._deposit.metadata.publication_date = this._today;
        delete this._deposit.metadata.version;
        this._sources = [trans.__('the previous version')];
      } else {
        const prefill = await this._client.prefill(this._paths);
        this._deposit = editableDeposit(prefill.deposit);
        this._sources = Array.isArray(prefill.sources) ? prefill.sources : [];
      }
    } catch (error) {
      this._message = trans.__('Could not prefill: %1', errorMessage(error));
    }
    this._vocabularies = await vocabularies;
    this._files = await files;
    this._phase = 'editing';
    this._changedDeposit();
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
   * Change the deposit (on a copy) and check it again.
   */
  edit(change: (deposit: IDeposit) => void): void {
    const copy = JSON.parse(JSON.stringify(this._deposit)) as IDeposit;
    change(copy);
    this._deposit = copy;
    this._changedDeposit();
  }

  /**
   * Add a person (or organisation) at the end of the creators or
   * contributors.
   */
  addEntity(list: EntityList, type: 'personal' | 'organizational'): void {
    const entity =
      type === 'personal'
        ? newPerson(list)
        : withType(newPerson(list), 'organizational');
    this.edit(d => {
      d.metadata[list] = [...(d.metadata[list] ?? []), entity];
    });
  }

  removeEntity(list: EntityList, index: number): void {
    this.edit(d => {
      d.metadata[list] = (d.metadata[list] ?? []).filter((_, i) => i !== index);
    });
  }

  moveEntity(list: EntityList, from: number, to: number): void {
    this.edit(d => {
      d.metadata[list] = moved(d.metadata[list] ?? [], from, to);
    });
  }

  setEntity(list: EntityList, index: number, entity: IEntity): void {
    this.edit(d => {
      const entities = [...(d.metadata[list] ?? [])];
      entities[index] = entity;
      d.metadata[list] = entities;
    });
  }

  /**
   * Add keywords from a comma-separated text (duplicates are left out).
   */
  addKeywords(text: string): void {
    const have = new Set(
      (this._deposit.metadata.subjects ?? []).map(s => s.subject.toLowerCase())
    );
    const added = parseKeywords(text).filter(s => {
      const key = s.subject.toLowerCase();
      const fresh = !have.has(key);
      have.add(key);
      return fresh;
    });
    if (added.length) {
      this.edit(d => {
        d.metadata.subjects = [...(d.metadata.subjects ?? []), ...added];
      });
    }
  }

  removeKeyword(index: number): void {
    this.edit(d => {
      d.metadata.subjects = (d.metadata.subjects ?? []).filter(
        (_, i) => i !== index
      );
    });
  }

  setLicense(id: string): void {
    this.edit(d => {
      d.metadata.rights = id ? [{ id }] : [];
    });
  }

  setAccess(mode: AccessMode, until?: string | null, reason?: string | null) {
    const embargo = this._deposit.access.embargo;
    this.edit(d => {
      d.access = accessFor(
        mode,
        until === undefined ? (embargo?.until ?? null) : until,
        reason === undefined ? (embargo?.reason ?? null) : reason
      );
    });
  }

  addRelated(related?: Partial<IRelatedIdentifier>): void {
    this.edit(d => {
      d.metadata.related_identifiers = [
        ...(d.metadata.related_identifiers ?? []),
        {
          identifier: '',
          scheme: 'doi',
          relation_type: { id: 'isderivedfrom' },
          ...related
        }
      ];
    });
  }

  setRelated(index: number, related: IRelatedIdentifier): void {
    this.edit(d => {
      const list = [...(d.metadata.related_identifiers ?? [])];
      list[index] = related;
      d.metadata.related_identifiers = list;
    });
  }

  removeRelated(index: number): void {
    this.edit(d => {
      d.metadata.related_identifiers = (
        d.metadata.related_identifiers ?? []
      ).filter((_, i) => i !== index);
    });
  }

  addCommunity(id: string): void {
    if (!id || (this._deposit.communities ?? []).includes(id)) {
      return;
    }
    this.edit(d => {
      d.communities = [...(d.communities ?? []), id];
    });
  }

  removeCommunity(id: string): void {
    this.edit(d => {
      d.communities = (d.communities ?? []).filter(c => c !== id);
    });
  }

  /**
   * Choose another set of files (a new version, or a path typed in).
   */
  setPaths(paths: string[]): void {
    this._paths = [...new Set(paths.map(p => p.trim()).filter(Boolean))];
    this._files = this._files.filter(f => this._paths.includes(f.path));
    this._emit();
    const missing = this._paths.filter(
      p => !this._files.some(f => f.path === p)
    );
    if (missing.length && this._listFiles) {
      void this._listFiles(missing)
        .then(found => {
          this._files = [...this._files, ...found];
          this._emit();
        })
        .catch(() => undefined);
    }
  }

  /**
   * What `POST repositories/{r}/uploads` receives.
   */
  request(): IUploadRequest {
    const request: IUploadRequest = {
      paths: [...this._paths],
      deposit: this._deposit
    };
    if (this._draft) {
      request.draft = this._draft;
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
    if (!this.canSubmit) {
      return;
    }
    const title = this.label;
    await this._follow(() =>
      this._launcher.start(this._repository, this.request(), title, job =>
        this._progress(job)
      )
    );
  }

  /**
   * Continue the failed upload into the same draft.
   */
  async resume(): Promise<void> {
    const job = this._job;
    if (this._phase !== 'failed' || !job) {
      return;
    }
    await this._follow(() =>
      this._launcher.resume(job, next => this._progress(next))
    );
  }

  /**
   * Discard the failed upload's draft; the form can be sent again.
   */
  async discard(): Promise<void> {
    const job = this._job;
    if (this._phase !== 'failed' || !job) {
      return;
    }
    try {
      await this._launcher.discard(job);
    } catch (error) {
      this._message = errorMessage(error);
      this._emit();
      return;
    }
    this._job = null;
    this._draft = null;
    this._message = '';
    this._phase = 'editing';
    this._emit();
  }

  /**
   * Ask the user whether to publish the uploaded draft, and publish it.
   */
  async publish(): Promise<void> {
    if (this._phase !== 'uploaded' || !this._draft || !this._ask) {
      return;
    }
    let published: IPublished | null;
    try {
      published = await this._ask({
        repository: this._repository,
        draft: this._draft,
        title: this.label,
        citationFolder: this.citationFolder
      });
    } catch (error) {
      this._message = errorMessage(error);
      this._emit();
      return;
    }
    if (published) {
      this._published = published;
      this._message = '';
      this._phase = 'done';
      this._emit();
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._debouncer.dispose();
    this.communities.dispose();
    Signal.clearData(this);
  }

  private async _follow(run: () => Promise<IJob>): Promise<void> {
    this._phase = 'uploading';
    this._message = '';
    this._emit();
    let ended: IJob;
    try {
      ended = await run();
    } catch (error) {
      this._phase = this._job ? 'failed' : 'editing';
      this._message = errorMessage(error);
      this._emit();
      return;
    }
    this._job = ended;
    if (ended.state !== 'succeeded') {
      this._draft = uploadDraft(ended) ?? this._draft;
      this._phase = 'failed';
      this._message = ended.message || ended.state;
      this._emit();
      return;
    }
    if (this.isExport) {
      this._exportedPath = uploadResult(ended).path ?? null;
      this._phase = 'done';
      this._emit();
      return;
    }
    this._draft = uploadDraft(ended) ?? this._draft;
    this._phase = 'uploaded';
    this._emit();
    await this.publish();
  }

  private _searchCommunities(): void {
    const repository = this._repository;
    void this.communities.setFetcher(
      repository === ROCRATE
        ? null
        : hitsPages(query => this._client.communities(repository, query))
    );
  }

  private _progress(job: IJob): void {
    this._job = job;
    const draft = uploadDraft(job);
    if (draft) {
      this._draft = draft;
    }
    this._emit();
  }

  private _changedDeposit(): void {
    const kind = this.repositories.find(this._repository)?.kind ?? null;
    this._check = checkDeposit(
      this._deposit,
      { kind, vocabularies: this._vocabularies, today: this._today },
      // The messages are literals in validate.ts, translated here.
      // eslint-disable-next-line jupyter/no-dynamic-translation
      (text, ...args) => this._trans.__(text, ...args)
    );
    this._revision++;
    this._serverFresh = false;
    this._emit();
    if (this._phase !== 'loading') {
      void this._debouncer.invoke();
    }
  }

  private async _validateOnServer(): Promise<void> {
    const revision = this._revision;
    try {
      const answer = await this._client.validate(
        this._deposit,
        this._repository
      );
      if (revision !== this._revision || this._isDisposed) {
        return;
      }
      this._serverErrors = Array.isArray(answer?.errors) ? answer.errors : [];
      this._serverWarnings = Array.isArray(answer?.warnings)
        ? answer.warnings
        : [];
      this._serverProblem = '';
    } catch (error) {
      if (revision !== this._revision || this._isDisposed) {
        return;
      }
      // The upload checks again; the client-side check stands meanwhile.
      this._serverErrors = [];
      this._serverWarnings = [];
      this._serverProblem = errorMessage(error);
    }
    this._serverFresh = true;
    this._emit();
  }

  private _emit(): void {
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  private _ask: PublishAsker | null;
  private _changed = new Signal<this, void>(this);
  private _check: ReturnType<typeof checkDeposit> = {
    errors: [],
    warnings: []
  };
  private _client: PublishClient;
  private _debouncer: Debouncer;
  private _deposit: IDeposit;
  private _draft: string | null;
  private _exportedPath: string | null = null;
  private _files: IChosenFile[] = [];
  private _isDisposed = false;
  private _job: IJob | null = null;
  private _keepFiles = true;
  private _launcher: UploadLauncher;
  private _listFiles: FileLister | null;
  private _message = '';
  private _paths: string[];
  private _phase: FormPhase = 'loading';
  private _published: IPublished | null = null;
  private _repository: string;
  private _revision = 0;
  private _serverErrors: IFieldError[] = [];
  private _serverFresh = false;
  private _serverProblem = '';
  private _serverWarnings: IFieldError[] = [];
  private _sources: string[] = [];
  private _today: string;
  private _trans: TranslationBundle;
  private _vocabularies: IVocabularies | null = null;
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

/**
 * The folder holding all paths ('' for the server root), or null.
 */
export function commonFolder(paths: readonly string[]): string | null {
  if (paths.length === 0) {
    return null;
  }
  const parts = paths.map(p => PathExt.dirname(p).split('/').filter(Boolean));
  const common: string[] = [];
  for (let i = 0; parts.every(p => i < p.length); i++) {
    const part = parts[0][i];
    if (!parts.every(p => p[i] === part)) {
      break;
    }
    common.push(part);
  }
  return common.join('/');
}
