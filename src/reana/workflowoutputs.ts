/**
 * What can be had of one workflow's files in the lab: downloads (as jobs,
 * with a notification), a workspace file to open, the declared outputs to
 * publish. A local run's files are in the lab's file tree already.
 */
import { PathExt } from '@jupyterlab/coreutils';
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { IJob } from '../api';
import { JobFollower } from '../components/jobs';
import { Model } from '../components/model';
import { ReanaClient } from './client';
import { IDownloadRequest, IDownloadResult, IWorkflowDetail } from './types';

/**
 * The output actions of one workflow.
 */
export class WorkflowOutputs extends Model {
  constructor(options: WorkflowOutputs.IOptions) {
    super();
    this.client = options.client;
    this.server = options.server;
    this.id = options.id;
    this.isLocal = options.isLocal;
    this._follow = options.follow;
    this._reveal = options.reveal ?? null;
    this._detail = options.detail;
    this._label = options.label;
    this._trans = options.trans ?? nullTranslator.load('vre_lab');
  }

  readonly client: ReanaClient;
  readonly server: string;
  readonly id: string;
  readonly isLocal: boolean;

  /**
   * How many downloads started here are on their way.
   */
  get downloads(): number {
    return this._downloads;
  }

  /**
   * Download workspace files into `destination` (the server's default
   * folder when empty).
   */
  downloadFiles(files: string[], destination?: string): Promise<IJob | null> {
    if (!files.length) {
      return Promise.resolve(null);
    }
    return this.download({ files }, destination);
  }

  /**
   * Download every output the specification declares.
   */
  downloadOutputs(destination?: string): Promise<IJob | null> {
    return this.download({ outputs: true }, destination);
  }

  /**
   * Download files into the lab's file tree, as a job with a notification.
   *
   * @returns the ended job, or null when it could not be started
   */
  async download(
    what: IDownloadRequest,
    destination?: string
  ): Promise<IJob | null> {
    const trans = this._trans;
    const request: IDownloadRequest = { ...what };
    if (destination?.trim()) {
      request.destination = destination.trim();
    }
    const label = this._label();
    const count = request.files?.length ?? 0;
    this._downloads++;
    this.emitChanged();
    try {
      return await this._follow(
        () => this.client.download(this.server, this.id, request),
        {
          pending: request.outputs
            ? trans.__('Downloading the outputs of %1…', label)
            : trans._n(
                'Downloading %2 file of %1…',
                'Downloading %2 files of %1…',
                count,
                label
              ),
          success: done => {
            const result = downloadResult(done);
            return trans._n(
              'Downloaded %1 file of %2 into %3.',
              'Downloaded %1 files of %2 into %3.',
              result.files?.length ?? count,
              label,
              result.destination ?? ''
            );
          },
          failure: done =>
            trans.__(
              'Downloading from %1 failed: %2',
              label,
              done.message || done.state
            ),
          actions: done => {
            const folder = downloadResult(done).destination;
            return done.state === 'succeeded' && folder && this._reveal
              ? [
                  {
                    label: trans.__('Show in file browser'),
                    callback: () => this._reveal?.(folder)
                  }
                ]
              : [];
          }
        }
      );
    } catch {
      // The follower told the user.
      return null;
    } finally {
      this._downloads--;
      this.emitChanged();
    }
  }

  /**
   * Where a workspace file can be opened in the lab: for a local run the
   * file itself; for a REANA run the file is downloaded first (a job).
   *
   * @returns its path relative to the server root, or null when it could
   * not be had
   */
  async pathToOpen(name: string): Promise<string | null> {
    const folder = this._detail()?.workspace_path;
    if (this.isLocal && folder) {
      return PathExt.join(folder, name);
    }
    const job = await this.download({ files: [name] });
    if (!job || job.state !== 'succeeded') {
      return null;
    }
    const result = downloadResult(job);
    const wanted = result.files?.find(
      file => file === name || file.endsWith(`/${name}`)
    );
    if (wanted) {
      return wanted;
    }
    return result.destination ? PathExt.join(result.destination, name) : null;
  }

  /**
   * The declared outputs as paths of the lab, for publishing: a local run's
   * own files; a REANA run's are downloaded first (a job).
   *
   * @returns the paths, or null when they could not be had
   */
  async outputPaths(): Promise<string[] | null> {
    const detail = this._detail();
    const outputs = detail?.outputs ?? [];
    const folder = detail?.workspace_path;
    if (this.isLocal && folder) {
      return outputs.map(name => PathExt.join(folder, name));
    }
    const job = await this.downloadOutputs();
    if (!job || job.state !== 'succeeded') {
      return null;
    }
    const result = downloadResult(job);
    if (result.files?.length) {
      return result.files;
    }
    return result.destination ? [result.destination] : null;
  }

  private _detail: () => IWorkflowDetail | null;
  private _downloads = 0;
  private _follow: JobFollower;
  private _label: () => string;
  private _reveal: ((path: string) => void) | null;
  private _trans: TranslationBundle;
}

/**
 * The namespace for `WorkflowOutputs` statics.
 */
export namespace WorkflowOutputs {
  export interface IOptions {
    client: ReanaClient;
    server: string;
    id: string;
    /** Whether the workflow ran on the local engine. */
    isLocal: boolean;
    /** Follows download jobs (with a notification in the lab). */
    follow: JobFollower;
    /** Shows a folder of the lab's file tree (a download's destination). */
    reveal?: ((path: string) => void) | null;
    /** The workflow's detail, once loaded (its outputs and workspace). */
    detail: () => IWorkflowDetail | null;
    /** The workflow's name for people. */
    label: () => string;
    trans?: TranslationBundle;
  }
}

function downloadResult(job: IJob): IDownloadResult {
  const result = (job.result ?? {}) as IDownloadResult;
  return {
    destination:
      typeof result.destination === 'string' ? result.destination : undefined,
    files: Array.isArray(result.files)
      ? result.files.filter((file): file is string => typeof file === 'string')
      : undefined
  };
}
