/**
 * The `reana-run` jobs that have not succeeded: runs still uploading, and
 * runs that were interrupted (a server restart) or failed, which can be
 * resumed or cleaned up (see `UnfinishedJobsModel`).
 */
import { IJob } from '../api';
import {
  isUnfinished,
  UnfinishedJobsModel
} from '../components/unfinishedjobs';
import { ReanaClient } from './client';
import { IRunParams, IRunResult } from './types';

export { isUnfinished };

/**
 * The model of the unfinished run jobs.
 */
export class RunJobsModel extends UnfinishedJobsModel {
  constructor(options: RunJobsModel.IOptions) {
    super({
      list: () => options.client.runJobs(),
      name: 'vre-lab:reana-run-jobs',
      interval: options.interval
    });
    this.client = options.client;
  }

  readonly client: ReanaClient;
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
