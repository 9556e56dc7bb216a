/**
 * The upload jobs (`zenodo-upload`): typed params and result, and the
 * model of the unfinished ones (failed or interrupted uploads the user can
 * resume or whose draft they can discard).
 */
import { IJob } from '../api';
import { UnfinishedJobsModel } from '../components/unfinishedjobs';
import { PublishClient } from './client';
import { IUploadParams, IUploadResult } from './types';

/**
 * The model of the unfinished upload jobs.
 */
export class UploadJobsModel extends UnfinishedJobsModel {
  constructor(options: UploadJobsModel.IOptions) {
    super({
      list: () => options.client.uploadJobs(),
      name: 'vre-lab:zenodo-upload-jobs',
      interval: options.interval
    });
  }
}

/**
 * The namespace for `UploadJobsModel` statics.
 */
export namespace UploadJobsModel {
  export interface IOptions {
    client: PublishClient;
    /** Milliseconds between requests while an upload is on its way (3 s). */
    interval?: number;
  }
}

/**
 * The params of an upload job, typed.
 */
export function uploadParams(job: IJob): IUploadParams {
  const p = (job.params ?? {}) as Partial<IUploadParams>;
  const text = (value: unknown): string | null =>
    typeof value === 'string' && value ? value : null;
  const count = (value: unknown): number =>
    typeof value === 'number' && Number.isFinite(value) ? value : 0;
  return {
    repository: text(p.repository) ?? '',
    paths: Array.isArray(p.paths)
      ? p.paths.filter(x => typeof x === 'string')
      : [],
    files: count(p.files),
    bytes: count(p.bytes),
    title: text(p.title) ?? '',
    draft: text(p.draft),
    new_version_of: text(p.new_version_of)
  };
}

/**
 * The result of an upload job, typed (the draft is there as soon as it was
 * created, also when the upload failed later).
 */
export function uploadResult(job: IJob): IUploadResult {
  const r = (job.result ?? {}) as IUploadResult;
  const result: IUploadResult = {};
  for (const key of ['repository', 'draft', 'html', 'path'] as const) {
    if (typeof r[key] === 'string' && r[key]) {
      result[key] = r[key] as string;
    }
  }
  for (const key of ['files', 'bytes', 'skipped'] as const) {
    if (typeof r[key] === 'number') {
      result[key] = r[key];
    }
  }
  return result;
}

/**
 * The draft of an upload job: the one it made, or the one it continued.
 */
export function uploadDraft(job: IJob): string | null {
  return uploadResult(job).draft ?? uploadParams(job).draft;
}
