/**
 * Where a publish form stands (`FormPhase`) and the steps from one phase
 * to the next: the upload (or export) job and its progress, the draft it
 * made, resuming or discarding a failed one, and publishing the draft.
 */
import { errorMessage, IJob } from '../api';
import { FormPhase, PublishAsker } from './formtypes';
import { IPublished, IUploadRequest } from './types';
import { UploadLauncher } from './uploader';
import { uploadDraft, uploadResult } from './uploadjobs';

/**
 * What the form sends to, as it is now.
 */
export interface IUploadTarget {
  repository: string;
  /** The form's title for people. */
  title: string;
  /** Where CITATION.cff may receive the DOI. */
  citationFolder: string | null;
  /** An RO-Crate export: done once the job is. */
  isExport: boolean;
}

/**
 * The phases of a publish form and its upload.
 */
export class UploadRun {
  constructor(options: UploadRun.IOptions) {
    this._launcher = options.launcher;
    this._ask = options.ask ?? null;
    this._draft = options.draft ?? null;
    this._target = options.target;
    this._changed = options.changed;
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

  /**
   * Whether the form may be sent (again) as far as its phase goes.
   */
  get sendable(): boolean {
    return this._phase === 'editing' || this._phase === 'failed';
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

  /**
   * Prefilled: the user edits (`problem`: why the prefill failed).
   */
  ready(problem = ''): void {
    this._message = problem;
    this._phase = 'editing';
  }

  /**
   * Upload (or export), follow the job, then offer to publish.
   */
  async start(request: IUploadRequest): Promise<void> {
    const { repository, title } = this._target();
    await this._follow(() =>
      this._launcher.start(repository, request, title, job =>
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
      this._changed();
      return;
    }
    this._job = null;
    this._draft = null;
    this._message = '';
    this._phase = 'editing';
    this._changed();
  }

  /**
   * Ask the user whether to publish the uploaded draft, and publish it.
   */
  async publish(): Promise<void> {
    if (this._phase !== 'uploaded' || !this._draft || !this._ask) {
      return;
    }
    const { repository, title, citationFolder } = this._target();
    let published: IPublished | null;
    try {
      published = await this._ask({
        repository,
        draft: this._draft,
        title,
        citationFolder
      });
    } catch (error) {
      this._message = errorMessage(error);
      this._changed();
      return;
    }
    if (published) {
      this._published = published;
      this._message = '';
      this._phase = 'done';
      this._changed();
    }
  }

  private async _follow(run: () => Promise<IJob>): Promise<void> {
    this._phase = 'uploading';
    this._message = '';
    this._changed();
    let ended: IJob;
    try {
      ended = await run();
    } catch (error) {
      this._phase = this._job ? 'failed' : 'editing';
      this._message = errorMessage(error);
      this._changed();
      return;
    }
    this._job = ended;
    if (ended.state !== 'succeeded') {
      this._draft = uploadDraft(ended) ?? this._draft;
      this._phase = 'failed';
      this._message = ended.message || ended.state;
      this._changed();
      return;
    }
    if (this._target().isExport) {
      this._exportedPath = uploadResult(ended).path ?? null;
      this._phase = 'done';
      this._changed();
      return;
    }
    this._draft = uploadDraft(ended) ?? this._draft;
    this._phase = 'uploaded';
    this._changed();
    await this.publish();
  }

  private _progress(job: IJob): void {
    this._job = job;
    const draft = uploadDraft(job);
    if (draft) {
      this._draft = draft;
    }
    this._changed();
  }

  private _ask: PublishAsker | null;
  private _changed: () => void;
  private _draft: string | null;
  private _exportedPath: string | null = null;
  private _job: IJob | null = null;
  private _launcher: UploadLauncher;
  private _message = '';
  private _phase: FormPhase = 'loading';
  private _published: IPublished | null = null;
  private _target: () => IUploadTarget;
}

/**
 * The namespace for `UploadRun` statics.
 */
export namespace UploadRun {
  export interface IOptions {
    launcher: UploadLauncher;
    /** Ask the user whether to publish an uploaded draft. */
    ask?: PublishAsker | null;
    /** The draft the form continues. */
    draft?: string | null;
    target: () => IUploadTarget;
    /** The phase or what it holds changed. */
    changed: () => void;
  }
}
