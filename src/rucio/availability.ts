/**
 * Getting the local paths of a DID, making it available first when it is
 * not (a make-available job, followed until it ends).
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { hasReason } from '../api';
import { JobFailedError, JobFollower } from '../components/jobs';
import { RucioClient } from './client';
import { IRucioPaths, RucioMode } from './types';

/**
 * What to make available.
 */
export interface IAvailabilityRequest {
  instance: string;
  did: string;
  mode: RucioMode;
}

/**
 * How `ensureAvailable` follows a job and reports on it.
 */
export interface IEnsureAvailableOptions {
  follow: JobFollower;
  trans?: TranslationBundle;
  /** Called when a make-available job has to be started. */
  onMakingAvailable?: () => void;
  /** What the notification's Retry action does. */
  retry?: () => void;
}

/**
 * Start a make-available job and follow it.
 */
export function followMakeAvailable(
  client: RucioClient,
  request: IAvailabilityRequest,
  follow: JobFollower,
  trans: TranslationBundle = nullTranslator.load('vre_lab'),
  retry?: () => void
): ReturnType<JobFollower> {
  const { instance, did, mode } = request;
  return follow(
    () => client.makeAvailable(instance, did, mode),
    {
      pending:
        mode === 'replica'
          ? trans.__('Replicating %1…', did)
          : trans.__('Downloading %1…', did),
      success: () => trans.__('%1 is available.', did),
      failure: job =>
        trans.__(
          'Could not make %1 available (%2): %3',
          did,
          job.state,
          job.message
        )
    },
    retry
  );
}

/**
 * The local paths of a DID; when it is not available here yet, start a
 * make-available job, follow it, and use its result.
 *
 * @throws {JobFailedError} when the job does not succeed
 * @throws {VRELabAPIError} for any other failure
 */
export async function ensureAvailable(
  client: RucioClient,
  request: IAvailabilityRequest,
  options: IEnsureAvailableOptions
): Promise<IRucioPaths> {
  const { instance, did, mode } = request;
  try {
    return await client.didPaths(instance, did, mode);
  } catch (error) {
    if (!hasReason(error, 'not_available')) {
      throw error;
    }
  }
  options.onMakingAvailable?.();
  const job = await followMakeAvailable(
    client,
    request,
    options.follow,
    options.trans,
    options.retry
  );
  if (job.state !== 'succeeded') {
    throw new JobFailedError(job);
  }
  if (isPaths(job.result)) {
    return job.result;
  }
  return client.didPaths(instance, did, mode);
}

/**
 * Whether a value is a `RucioPaths` object.
 */
export function isPaths(value: unknown): value is IRucioPaths {
  const paths = value as IRucioPaths | null;
  return (
    typeof paths === 'object' &&
    paths !== null &&
    typeof paths.did === 'string' &&
    (paths.type === 'file' ||
      paths.type === 'dataset' ||
      paths.type === 'container') &&
    Array.isArray(paths.paths) &&
    paths.paths.every(path => typeof path === 'string')
  );
}
