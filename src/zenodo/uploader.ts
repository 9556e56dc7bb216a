/**
 * Starting, resuming and discarding uploads. An upload is a server job
 * (create the draft, put the metadata, send the files) followed with a
 * progress notification; the draft is never published here: once the
 * upload succeeded, whoever started it asks the user (see `PublishAsker`).
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { IJob } from '../api';
import { IJobAction, IJobMessages, JobFollower } from '../components/jobs';
import { PublishClient } from './client';
import { IUploadRequest, ROCRATE } from './types';
import { UploadJobsModel, uploadDraft, uploadParams } from './uploadjobs';

/**
 * Told about every new version of a followed job (progress).
 */
export type JobListener = (job: IJob) => void;

/**
 * Starts and follows uploads and RO-Crate exports.
 */
export class UploadLauncher {
  constructor(options: UploadLauncher.IOptions) {
    this.client = options.client;
    this.jobs = options.jobs;
    this._follow = options.follow;
    this._trans = options.trans ?? nullTranslator.load('vre_lab');
    this._label = options.repositoryLabel ?? (name => name);
    this.onChanged = options.onChanged ?? null;
    this.onUploaded = options.onUploaded ?? null;
  }

  readonly client: PublishClient;
  readonly jobs: UploadJobsModel;

  /**
   * Called when drafts changed (an upload ended, a draft was discarded).
   */
  onChanged: (() => void) | null;

  /**
   * Called when an upload resumed from the panel or a notification
   * succeeded (the form handles those it started itself).
   */
  onUploaded: ((job: IJob) => void) | null;

  /**
   * Start an upload (or an export when the repository is `rocrate`) and
   * follow it to its end.
   *
   * @returns the ended job
   * @throws the request's error when it could not be started or followed
   */
  start(
    repository: string,
    request: IUploadRequest,
    title: string,
    listener?: JobListener
  ): Promise<IJob> {
    const trans = this._trans;
    if (repository === ROCRATE) {
      return this._run(
        {
          pending: trans.__('Exporting %1 as an RO-Crate…', title),
          success: () => trans.__('%1 is exported as an RO-Crate.', title),
          failure: job =>
            trans.__('Exporting %1 failed: %2', title, job.message || job.state)
        },
        () => this.client.upload(repository, request),
        null,
        listener,
        false
      );
    }
    return this._run(
      this._messages(repository, title, false),
      () => this.client.upload(repository, request),
      null,
      listener,
      true
    );
  }

  /**
   * Continue a failed or interrupted upload into the same draft (a new job
   * replaces the old one).
   *
   * @returns the ended job
   * @throws the request's error when it could not be resumed or followed
   */
  resume(job: IJob, listener?: JobListener): Promise<IJob> {
    const params = uploadParams(job);
    return this._run(
      this._messages(params.repository, params.title || job.id, true),
      () => this.client.resume(job.id),
      job,
      listener,
      true
    );
  }

  /**
   * Resume an upload from the panel or a notification; once it succeeded,
   * `onUploaded` offers to publish it.
   */
  async resumeAndOffer(job: IJob): Promise<void> {
    let ended: IJob;
    try {
      ended = await this.resume(job);
    } catch {
      return; // The follower told the user.
    }
    if (ended.state === 'succeeded') {
      this.onUploaded?.(ended);
    }
  }

  /**
   * Discard the draft of an unfinished upload and forget the job.
   *
   * @throws the request's error
   */
  async discard(job: IJob): Promise<void> {
    this.jobs.setBusy(job.id, true);
    try {
      await this.client.discardUpload(job.id);
      this.jobs.remove(job.id);
      this.onChanged?.();
    } finally {
      this.jobs.setBusy(job.id, false);
    }
  }

  /**
   * What a notification offers once an upload failed.
   */
  actions(job: IJob): IJobAction[] {
    const trans = this._trans;
    if (job.state !== 'failed' && job.state !== 'interrupted') {
      return [];
    }
    const actions: IJobAction[] = [
      {
        label: trans.__('Resume'),
        caption: trans.__('Continue the upload into the same draft'),
        callback: () => {
          void this.resumeAndOffer(job);
        }
      }
    ];
    if (uploadDraft(job)) {
      actions.push({
        label: trans.__('Discard draft'),
        caption: trans.__('Delete the draft from the repository'),
        callback: () => {
          this.discard(job).catch(error => {
            console.warn('vre-lab: cannot discard the draft', error);
          });
        }
      });
    }
    return actions;
  }

  private _messages(
    repository: string,
    title: string,
    resuming: boolean
  ): IJobMessages {
    const trans = this._trans;
    const where = this._label(repository);
    return {
      pending: resuming
        ? trans.__('Resuming the upload of %1 to %2…', title, where)
        : trans.__('Uploading %1 to %2…', title, where),
      success: () => trans.__('%1 is uploaded to %2 as a draft.', title, where),
      failure: job =>
        job.state === 'interrupted'
          ? trans.__(
              'The upload of %1 to %2 was interrupted: %3',
              title,
              where,
              job.message || job.state
            )
          : trans.__(
              'The upload of %1 to %2 failed: %3',
              title,
              where,
              job.message || job.state
            ),
      actions: job => this.actions(job)
    };
  }

  private async _run(
    messages: IJobMessages,
    start: () => Promise<IJob>,
    previous: IJob | null,
    listener: JobListener | undefined,
    track: boolean
  ): Promise<IJob> {
    if (previous) {
      this.jobs.setBusy(previous.id, true);
    }
    const onUpdate = (job: IJob): void => {
      if (previous) {
        this.jobs.remove(previous.id);
      }
      if (track) {
        this.jobs.track(job);
      }
      listener?.(job);
    };
    let ended: IJob;
    try {
      ended = await this._follow(start, messages, undefined, onUpdate);
    } finally {
      if (previous) {
        this.jobs.setBusy(previous.id, false);
      }
    }
    if (track) {
      this.jobs.track(ended);
    }
    listener?.(ended);
    this.onChanged?.();
    return ended;
  }

  private _follow: JobFollower;
  private _label: (name: string) => string;
  private _trans: TranslationBundle;
}

/**
 * The namespace for `UploadLauncher` statics.
 */
export namespace UploadLauncher {
  export interface IOptions {
    client: PublishClient;
    /** Where unfinished uploads are listed. */
    jobs: UploadJobsModel;
    /** Follows jobs (with a notification in the lab). */
    follow: JobFollower;
    /** A repository's name for people. */
    repositoryLabel?: (name: string) => string;
    onChanged?: () => void;
    onUploaded?: (job: IJob) => void;
    trans?: TranslationBundle;
  }
}
