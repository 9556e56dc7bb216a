/**
 * The `reana-run` jobs that have not succeeded: runs still uploading, and
 * runs that were interrupted (a server restart) or failed, which can be
 * resumed or cleaned up. They come from the server's job store, so they
 * survive a lab restart. While one is on its way, one `GET jobs` a few
 * seconds apart follows them all.
 */
import { IDisposable } from '@lumino/disposable';
import { Poll } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';

import { errorMessage, IJob } from '../api';
import { isTerminal } from '../components/jobs';
import { ReanaClient } from './client';
import { IRunParams, IRunResult } from './types';

/**
 * The model of the unfinished run jobs.
 */
export class RunJobsModel implements IDisposable {
  constructor(options: RunJobsModel.IOptions) {
    this.client = options.client;
    this._poll = new Poll({
      auto: false,
      factory: () => this.load(),
      frequency: {
        interval: options.interval ?? 3000,
        backoff: true,
        max: 60000
      },
      standby: 'when-hidden',
      name: 'vre-lab:reana-run-jobs'
    });
  }

  readonly client: ReanaClient;

  /**
   * Emitted whenever anything here changes.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * The runs that have not succeeded (nor been cancelled), newest first.
   */
  get jobs(): readonly IJob[] {
    return this._jobs;
  }

  /**
   * Why the jobs could not be loaded, or an empty string.
   */
  get error(): string {
    return this._error;
  }

  /**
   * Whether an action (resume, clean up) on a job is on its way.
   */
  isBusy(id: string): boolean {
    return this._busy.has(id);
  }

  /**
   * Mark a job busy (or not) while an action on it runs.
   */
  setBusy(id: string, busy: boolean): void {
    if (busy) {
      this._busy.add(id);
    } else {
      this._busy.delete(id);
    }
    this._emit();
  }

  /**
   * Ask the server for the run jobs (one request).
   */
  async load(): Promise<void> {
    try {
      const jobs = await this.client.runJobs();
      this._jobs = jobs.filter(isUnfinished);
      this._error = '';
    } catch (error) {
      this._error = errorMessage(error);
      this._emit();
      throw error;
    }
    this._schedule();
    this._emit();
  }

  /**
   * Take a newer version of a job (from a follower): unfinished jobs are
   * shown, succeeded or cancelled ones go.
   */
  track(job: IJob): void {
    if (this._isDisposed) {
      return;
    }
    const index = this._jobs.findIndex(other => other.id === job.id);
    if (!isUnfinished(job)) {
      if (index >= 0) {
        this._jobs.splice(index, 1);
        this._emit();
      }
      return;
    }
    if (index >= 0) {
      this._jobs[index] = job;
    } else {
      this._jobs.unshift(job);
    }
    this._schedule();
    this._emit();
  }

  /**
   * Forget a job (resumed into a new one, or cleaned up).
   */
  remove(id: string): void {
    const index = this._jobs.findIndex(job => job.id === id);
    if (index >= 0) {
      this._jobs.splice(index, 1);
      this._emit();
    }
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._poll.dispose();
    Signal.clearData(this);
  }

  /**
   * Poll while a job is on its way; stop when none is.
   */
  private _schedule(): void {
    if (this._isDisposed) {
      return;
    }
    const running = this._jobs.some(job => !isTerminal(job.state));
    const phase = this._poll.state.phase;
    if (running && (phase === 'constructed' || phase === 'stopped')) {
      void this._poll.start();
    } else if (!running && phase !== 'constructed' && phase !== 'stopped') {
      void this._poll.stop();
    }
  }

  private _emit(): void {
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  private _busy = new Set<string>();
  private _changed = new Signal<this, void>(this);
  private _error = '';
  private _isDisposed = false;
  private _jobs: IJob[] = [];
  private _poll: Poll;
}

/**
 * The namespace for `RunJobsModel` statics.
 */
export namespace RunJobsModel {
  export interface IOptions {
    client: ReanaClient;
    /** Milliseconds between requests while a run is on its way (3 s). */
    interval?: number;
  }
}

/**
 * Whether a run job still matters: on its way, interrupted or failed.
 */
export function isUnfinished(job: IJob): boolean {
  return job.state !== 'succeeded' && job.state !== 'cancelled';
}

/**
 * The params of a run job, typed.
 */
export function runParams(job: IJob): IRunParams {
  const params = (job.params ?? {}) as Partial<IRunParams>;
  return {
    server: typeof params.server === 'string' ? params.server : '',
    path: typeof params.path === 'string' ? params.path : '',
    name: typeof params.name === 'string' ? params.name : null,
    parameters:
      typeof params.parameters === 'object' && params.parameters !== null
        ? params.parameters
        : null
  };
}

/**
 * The result of a run job, typed.
 */
export function runResult(job: IJob): IRunResult {
  const result = (job.result ?? {}) as IRunResult;
  const runNumber =
    result.run_number === undefined || result.run_number === null
      ? undefined
      : result.run_number;
  let name =
    typeof result.workflow_name === 'string' ? result.workflow_name : undefined;
  // The server gives `name.RUN` (as REANA's create answer does); the bare
  // name is kept here, so that labels are not `name.RUN.RUN`.
  const suffix = runNumber === undefined ? '' : `.${runNumber}`;
  if (name && suffix && name.endsWith(suffix) && name.length > suffix.length) {
    name = name.slice(0, -suffix.length);
  }
  return {
    workflow_id:
      typeof result.workflow_id === 'string' ? result.workflow_id : undefined,
    workflow_name: name,
    run_number: runNumber
  };
}
