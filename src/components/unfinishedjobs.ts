/**
 * The jobs of one kind that have not succeeded: those still on their way,
 * and those interrupted (a server restart) or failed, which the user can
 * resume or discard. They come from the server's job store, so they survive
 * a lab restart. While one is on its way, one `GET jobs` a few seconds
 * apart follows them all.
 */
import { Poll } from '@lumino/polling';

import { IJob } from '../api';
import { isTerminal } from './jobs';
import { Loaded, Model } from './model';

/**
 * The model of the unfinished jobs of one kind.
 */
export class UnfinishedJobsModel extends Model {
  constructor(options: UnfinishedJobsModel.IOptions) {
    super();
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
   * The jobs that have not succeeded (nor been cancelled), newest first.
   */
  get jobs(): readonly IJob[] {
    return this._jobs.value;
  }

  /**
   * Why the jobs could not be loaded, or an empty string.
   */
  get error(): string {
    return this._jobs.error;
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
    this.emitChanged();
  }

  /**
   * Ask the server for the jobs (one request).
   */
  async load(): Promise<void> {
    await this._jobs.load(
      async () => (await this._list()).filter(isUnfinished),
      { rethrow: true }
    );
    this._schedule();
  }

  /**
   * Take a newer version of a job (from a follower): unfinished jobs are
   * shown, succeeded or cancelled ones go.
   */
  track(job: IJob): void {
    if (this.isDisposed) {
      return;
    }
    const others = this._jobs.value.filter(other => other.id !== job.id);
    if (!isUnfinished(job)) {
      this.remove(job.id);
      return;
    }
    const index = this._jobs.value.findIndex(other => other.id === job.id);
    if (index >= 0) {
      others.splice(index, 0, job);
    } else {
      others.unshift(job);
    }
    this._jobs.set(others);
    this._schedule();
  }

  /**
   * Forget a job (resumed into a new one, or discarded).
   */
  remove(id: string): void {
    if (this._jobs.value.some(job => job.id === id)) {
      this._jobs.set(this._jobs.value.filter(job => job.id !== id));
    }
  }

  dispose(): void {
    if (!this.isDisposed) {
      this._poll.dispose();
    }
    super.dispose();
  }

  /**
   * Poll while a job is on its way; stop when none is.
   */
  private _schedule(): void {
    if (this.isDisposed) {
      return;
    }
    const running = this._jobs.value.some(job => !isTerminal(job.state));
    const phase = this._poll.state.phase;
    if (running && (phase === 'constructed' || phase === 'stopped')) {
      void this._poll.start();
    } else if (!running && phase !== 'constructed' && phase !== 'stopped') {
      void this._poll.stop();
    }
  }

  private _busy = new Set<string>();
  private _jobs = new Loaded<IJob[]>([], () => this.emitChanged());
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
