/**
 * The jobs of one kind that have not succeeded: those still on their way,
 * and those interrupted (a server restart) or failed, which the user can
 * resume or discard. They come from the server's job store, so they survive
 * a lab restart. While one is on its way, one `GET jobs` a few seconds
 * apart follows them all.
 */
import { IDisposable } from '@lumino/disposable';
import { Poll } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';

import { errorMessage, IJob } from '../api';
import { isTerminal } from './jobs';

/**
 * The model of the unfinished jobs of one kind.
 */
export class UnfinishedJobsModel implements IDisposable {
  constructor(options: UnfinishedJobsModel.IOptions) {
    this._list = options.list;
    this._poll = new Poll({
      auto: false,
      factory: () => this.load(),
      frequency: {
        interval: options.interval ?? 3000,
        backoff: true,
        max: 60000
      },
      standby: 'when-hidden',
      name: options.name
    });
  }

  /**
   * Emitted whenever anything here changes.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * The jobs that have not succeeded (nor been cancelled), newest first.
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
   * Whether an action (resume, discard, ...) on a job is on its way.
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
   * Ask the server for the jobs (one request).
   */
  async load(): Promise<void> {
    try {
      const jobs = await this._list();
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
   * Forget a job (resumed into a new one, or discarded).
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
  private _list: () => Promise<IJob[]>;
  private _poll: Poll;
}

/**
 * The namespace for `UnfinishedJobsModel` statics.
 */
export namespace UnfinishedJobsModel {
  export interface IOptions {
    /** The jobs of the kind, newest first (one request). */
    list: () => Promise<IJob[]>;
    /** The poll's name, for debugging. */
    name: string;
    /** Milliseconds between requests while a job is on its way (3 s). */
    interval?: number;
  }
}

/**
 * Whether a job still matters: on its way, interrupted or failed.
 */
export function isUnfinished(job: IJob): boolean {
  return job.state !== 'succeeded' && job.state !== 'cancelled';
}
