/**
 * Starting, resuming and cleaning up runs. A run is a server job (create
 * the workflow, upload its inputs, start it) followed with a progress
 * notification; once it succeeded the workflow's detail opens, and if it
 * was interrupted or failed the notification (and the panel) offer Resume
 * and Clean up.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { errorMessage, IJob } from '../api';
import { IJobAction, IJobMessages, JobFollower } from '../components/jobs';
import { ReanaClient } from './client';
import { runLabel, runNotificationKey } from './names';
import { RunJobsModel, runParams, runResult } from './runjobsmodel';
import { IRunRequest } from './types';
import { WorkflowWatcher } from './watcher';

/**
 * Open a workflow's detail (in the lab: a main-area widget).
 */
export type WorkflowOpener = (server: string, id: string) => void;

/**
 * Starts and follows runs.
 */
export class RunLauncher {
  constructor(options: RunLauncher.IOptions) {
    this.client = options.client;
    this.jobs = options.jobs;
    this._follow = options.follow;
    this._watcher = options.watcher ?? null;
    this._trans = options.trans ?? nullTranslator.load('vre_lab');
    this._serverLabel = options.serverLabel ?? (name => name);
    this._onStarted = options.onStarted ?? null;
    this.open = options.open ?? null;
  }

  readonly client: ReanaClient;
  readonly jobs: RunJobsModel;

  /**
   * Opens a workflow's detail once its run succeeded; null: nothing opens.
   */
  open: WorkflowOpener | null;

  /**
   * Start a run and follow it to its end.
   *
   * @returns the ended job, or null when it could not be started
   */
  async start(server: string, run: IRunRequest): Promise<IJob | null> {
    const label = run.name || run.path;
    return this._followRun(
      server,
      label,
      () => this.client.run(server, run),
      null
    );
  }

  /**
   * Continue an interrupted or failed run in a new job (the old one goes).
   *
   * @returns the ended new job, or null when it could not be resumed
   */
  async resume(job: IJob): Promise<IJob | null> {
    const params = runParams(job);
    const label =
      runResult(job).workflow_name ?? params.name ?? params.path ?? job.id;
    return this._followRun(
      params.server,
      label,
      () => this.client.resume(job.id),
      job
    );
  }

  /**
   * Delete what an unfinished run created, and its job.
   *
   * @throws the request's error when it could not be cleaned up
   */
  async cleanup(job: IJob): Promise<void> {
    this.jobs.setBusy(job.id, true);
    try {
      await this.client.cleanup(job.id);
      this.jobs.remove(job.id);
      this._onStarted?.();
    } finally {
      this.jobs.setBusy(job.id, false);
    }
  }

  /**
   * What the notification offers once a run job ended.
   */
  actions(job: IJob): IJobAction[] {
    const trans = this._trans;
    const server = runParams(job).server;
    const id = runResult(job).workflow_id;
    if (job.state === 'succeeded') {
      return id && this.open
        ? [
            {
              label: trans.__('Show details'),
              caption: trans.__('Open the workflow'),
              callback: () => this.open?.(server, id)
            }
          ]
        : [];
    }
    if (job.state === 'failed' || job.state === 'interrupted') {
      return [
        {
          label: trans.__('Resume'),
          caption: trans.__('Continue the run where it stopped'),
          callback: () => {
            void this.resume(job);
          }
        },
        {
          label: trans.__('Clean up'),
          caption: trans.__('Delete what the run created'),
          callback: () => {
            this.cleanup(job).catch(error => {
              console.warn('vre-lab: clean-up failed', errorMessage(error));
            });
          }
        }
      ];
    }
    return [];
  }

  private async _followRun(
    server: string,
    label: string,
    start: () => Promise<IJob>,
    previous: IJob | null
  ): Promise<IJob | null> {
    const trans = this._trans;
    const where = this._serverLabel(server);
    const messages: IJobMessages = {
      pending: previous
        ? trans.__('Resuming %1 on %2…', label, where)
        : trans.__('Starting %1 on %2…', label, where),
      success: job =>
        trans.__('%1 is running on %2.', this._runName(job, label), where),
      failure: job =>
        job.state === 'interrupted'
          ? trans.__(
              'Starting %1 on %2 was interrupted: %3',
              label,
              where,
              job.message || job.state
            )
          : trans.__(
              'Starting %1 on %2 failed: %3',
              label,
              where,
              job.message || job.state
            ),
      actions: job => this.actions(job),
      key: job => {
        const id = runResult(job).workflow_id;
        return id ? runNotificationKey(server, id) : null;
      }
    };
    if (previous) {
      this.jobs.setBusy(previous.id, true);
    }
    let watching = false;
    const onUpdate = (job: IJob): void => {
      if (previous) {
        // The new job replaces the old one.
        this.jobs.remove(previous.id);
      }
      this.jobs.track(job);
      const id = runResult(job).workflow_id;
      if (id && !watching) {
        watching = true;
        this._watcher?.watch(server, id);
      }
    };
    let ended: IJob;
    try {
      ended = await this._follow(start, messages, undefined, onUpdate);
    } catch {
      // The follower told the user.
      return null;
    } finally {
      if (previous) {
        this.jobs.setBusy(previous.id, false);
      }
    }
    this.jobs.track(ended);
    this._onStarted?.();
    const id = runResult(ended).workflow_id;
    if (ended.state === 'succeeded' && id) {
      this.open?.(server, id);
    }
    return ended;
  }

  private _runName(job: IJob, fallback: string): string {
    const result = runResult(job);
    return result.workflow_name
      ? runLabel({
          name: result.workflow_name,
          run_number: result.run_number ?? ''
        })
      : fallback;
  }

  private _follow: JobFollower;
  private _onStarted: (() => void) | null;
  private _serverLabel: (name: string) => string;
  private _trans: TranslationBundle;
  private _watcher: WorkflowWatcher | null;
}

/**
 * The namespace for `RunLauncher` statics.
 */
export namespace RunLauncher {
  export interface IOptions {
    client: ReanaClient;
    /** Where unfinished run jobs are listed. */
    jobs: RunJobsModel;
    /** Follows jobs (with a notification in the lab). */
    follow: JobFollower;
    /** Told about the workflows runs create, to notify when they end. */
    watcher?: WorkflowWatcher | null;
    /** Opens a workflow's detail once its run succeeded. */
    open?: WorkflowOpener | null;
    /** A server's name for people. */
    serverLabel?: (name: string) => string;
    /** Called when a run started, resumed or was cleaned up. */
    onStarted?: () => void;
    trans?: TranslationBundle;
  }
}

/**
 * The reana.yaml a workflow was started from, as its run job remembers it
 * (or a run of the same name), or null when no job remembers it.
 */
export async function findRunPath(
  client: ReanaClient,
  server: string,
  workflow: { id: string; name: string }
): Promise<string | null> {
  let jobs: IJob[];
  try {
    jobs = await client.runJobs(1000);
  } catch {
    return null;
  }
  const onServer = jobs.filter(job => runParams(job).server === server);
  const exact = onServer.find(
    job => runResult(job).workflow_id === workflow.id
  );
  const sameName = onServer.find(
    job =>
      runResult(job).workflow_name === workflow.name ||
      runParams(job).name === workflow.name
  );
  const path = runParams(exact ?? sameName ?? ({} as IJob)).path;
  return path || null;
}
