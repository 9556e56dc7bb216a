/**
 * Following a long-running server job (`GET jobs/{id}`) until it ends: one
 * place for every service (downloads, uploads, workflow submissions).
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { IJob, JobState, RequestFunction } from '../api';

/**
 * The states in which a job has ended.
 */
export const TERMINAL_JOB_STATES: ReadonlySet<JobState> = new Set<JobState>([
  'succeeded',
  'failed',
  'cancelled',
  'interrupted'
]);

/**
 * Whether a job has ended (well or not).
 */
export function isTerminal(state: JobState): boolean {
  return TERMINAL_JOB_STATES.has(state);
}

/**
 * Whether an ended job may be tried again.
 */
export function isRetryable(state: JobState): boolean {
  return state === 'failed' || state === 'interrupted';
}

/**
 * A job that ended without succeeding.
 */
export class JobFailedError extends Error {
  constructor(
    job: IJob,
    trans: TranslationBundle = nullTranslator.load('vre_lab')
  ) {
    super(job.message || endedMessage(job.state, trans));
    this.name = 'JobFailedError';
    this.job = job;
  }

  /**
   * The job as it ended.
   */
  readonly job: IJob;
}

/**
 * What a job's end says when the job itself says nothing.
 */
export function endedMessage(
  state: JobState,
  trans: TranslationBundle
): string {
  switch (state) {
    case 'succeeded':
      return trans.__('The job succeeded.');
    case 'cancelled':
      return trans.__('The job was cancelled.');
    case 'interrupted':
      return trans.__('The job was interrupted.');
    case 'failed':
      return trans.__('The job failed.');
    default:
      return trans.__('The job is %1.', state);
  }
}

/**
 * How to follow a job.
 */
export interface IWatchJobOptions {
  /** Milliseconds before the first poll, and between the first polls. */
  interval?: number;
  /** The longest wait between polls, in milliseconds. */
  maxInterval?: number;
  /** The factor by which the wait grows after each poll. */
  backoff?: number;
  /** Failed polls in a row after which following gives up. */
  maxErrors?: number;
  /** Called with every new version of the job, the first one included. */
  onUpdate?: (job: IJob) => void;
  /** Stop following (the promise then resolves with the last job seen). */
  signal?: AbortSignal;
  /** Translates what a failed job says when it says nothing itself. */
  trans?: TranslationBundle;
}

/**
 * Poll `GET jobs/{id}` (every ~1 s, growing up to 5 s) until the job ends.
 *
 * @returns the job in its terminal state, whatever it is
 * @throws the last request error after `maxErrors` failed polls in a row
 */
export async function watchJob(
  request: RequestFunction,
  job: IJob,
  options: IWatchJobOptions = {}
): Promise<IJob> {
  const {
    interval = 1000,
    maxInterval = 5000,
    backoff = 1.3,
    maxErrors = 5,
    onUpdate,
    signal
  } = options;
  let current = job;
  let wait = interval;
  let errors = 0;
  onUpdate?.(current);
  while (!isTerminal(current.state)) {
    if (signal?.aborted) {
      return current;
    }
    await sleep(wait, signal);
    if (signal?.aborted) {
      return current;
    }
    wait = Math.min(maxInterval, wait * backoff);
    let next: IJob;
    try {
      next = await request<IJob>(`jobs/${encodeURIComponent(current.id)}`);
    } catch (error) {
      errors++;
      if (errors >= maxErrors) {
        throw error;
      }
      continue;
    }
    errors = 0;
    if (
      next.state !== current.state ||
      next.progress !== current.progress ||
      next.message !== current.message
    ) {
      onUpdate?.(next);
    }
    current = next;
  }
  return current;
}

/**
 * Follow a job and resolve with it only when it succeeded.
 *
 * @throws {JobFailedError} when it failed, was cancelled or interrupted
 */
export async function waitForSuccess(
  request: RequestFunction,
  job: IJob,
  options: IWatchJobOptions = {}
): Promise<IJob> {
  const done = await watchJob(request, job, options);
  if (done.state !== 'succeeded') {
    throw new JobFailedError(done, options.trans);
  }
  return done;
}

/**
 * What a notification (or log) says about a job.
 */
export interface IJobMessages {
  /** While the job runs. */
  pending: string;
  /** When it succeeded. */
  success: (job: IJob) => string;
  /** When it failed, was cancelled or interrupted. */
  failure: (job: IJob) => string;
  /** What the user can do next, offered with the ended job (optional). */
  actions?: (job: IJob) => IJobAction[];
  /**
   * What the ended job's notification is about (e.g. the run it started), so
   * that a later notification about the same thing replaces it (optional).
   */
  key?: (job: IJob) => string | null;
}

/**
 * Something the user can do about an ended job (a notification's button).
 */
export interface IJobAction {
  label: string;
  caption?: string;
  callback: () => void;
  /**
   * Whether the notification stays after this action, because another of
   * its actions may follow (e.g. Open report, then Publish reproduction…);
   * by default an action closes it.
   */
  keepsNotification?: boolean;
}

/**
 * Start a job and follow it to its end (in the lab: with a progress
 * notification, whose Retry action calls `retry`); `onUpdate` is called with
 * every new version of the job.
 *
 * @returns the job in its terminal state
 * @throws the request error when the job could not be started or followed
 */
export type JobFollower = (
  start: () => Promise<IJob>,
  messages: IJobMessages,
  retry?: () => void,
  onUpdate?: (job: IJob) => void
) => Promise<IJob>;

/**
 * A follower that shows nothing (tests, or code without a user interface).
 */
export function silentFollower(
  request: RequestFunction,
  options: IWatchJobOptions = {}
): JobFollower {
  return async (start, messages, retry, onUpdate) =>
    watchJob(request, await start(), {
      ...options,
      onUpdate: job => {
        options.onUpdate?.(job);
        onUpdate?.(job);
      }
    });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done);
  });
}
