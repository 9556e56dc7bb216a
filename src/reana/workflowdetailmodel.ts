/**
 * One workflow opened from the list: its status and progress, parameters
 * and specification, the engine's and each step's log (followed live while
 * it runs), its workspace, and what can be done with it (stop, delete,
 * download, open files in the lab).
 */
import { PathExt } from '@jupyterlab/coreutils';
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { Poll } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';

import { errorMessage, IJob } from '../api';
import { JobFollower } from '../components/jobs';
import { ReanaClient } from './client';
import { LOG_VIEW_LIMIT, mergeLogs, nextCursor } from './logbuffer';
import { runLabel } from './names';
import {
  ENDED_STATUSES,
  IDownloadRequest,
  IDownloadResult,
  isActive,
  IWorkflow,
  IWorkflowDetail,
  IWorkflowLogs,
  WorkflowStatus
} from './types';
import { WorkflowWatcher } from './watcher';
import { WorkspaceModel } from './workspacemodel';

/**
 * The tabs of the detail view.
 */
export type DetailTab = 'overview' | 'logs' | 'workspace' | 'specification';

/**
 * Milliseconds between refreshes while the workflow runs.
 */
export const DETAIL_INTERVAL = 2000;

/**
 * The model of one workflow's detail.
 */
export class WorkflowDetailModel implements IDisposable {
  constructor(options: WorkflowDetailModel.IOptions) {
    this.client = options.client;
    this.server = options.server;
    this.id = options.id;
    this.isLocal = options.isLocal ?? options.server === 'local';
    this._follow = options.follow;
    this._watcher = options.watcher ?? null;
    this._trans = options.trans ?? nullTranslator.load('vre_lab');
    this._reveal = options.reveal ?? null;
    this._activeInterval = options.activeInterval ?? DETAIL_INTERVAL;
    this._logLimit = options.logViewLimit ?? LOG_VIEW_LIMIT;
    this._summary = options.summary ?? null;
    this.workspace = new WorkspaceModel({
      client: this.client,
      server: this.server,
      id: this.id,
      pageSize: options.workspacePageSize,
      searchDelay: options.searchDelay
    });
    this.workspace.changed.connect(this._emit, this);
    this._poll = new Poll({
      auto: false,
      factory: () => this._tick(),
      frequency: {
        interval: this._activeInterval,
        backoff: 2,
        max: 60000
      },
      standby: () => (this._visible ? 'when-hidden' : true),
      name: 'vre-lab:reana-workflow'
    });
  }

  readonly client: ReanaClient;
  readonly server: string;
  readonly id: string;

  /**
   * Whether the workflow ran on the local engine (its files are in the
   * lab's file tree already).
   */
  readonly isLocal: boolean;

  /**
   * The workflow's workspace.
   */
  readonly workspace: WorkspaceModel;

  /**
   * Emitted whenever anything here changes.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * Emitted once the workflow was deleted.
   */
  get deleted(): ISignal<this, void> {
    return this._deleted;
  }

  /**
   * The workflow with its parameters and specification, once loaded.
   */
  get detail(): IWorkflowDetail | null {
    return this._detail;
  }

  /**
   * What is known of the workflow: the detail, or the list's row.
   */
  get workflow(): IWorkflow | null {
    return this._detail ?? this._summary;
  }

  /**
   * `name.run_number`, or the id until it is known.
   */
  get label(): string {
    const workflow = this.workflow;
    return workflow ? runLabel(workflow) : this.id;
  }

  get status(): WorkflowStatus | null {
    return this.workflow?.status ?? null;
  }

  /**
   * Whether the workflow is on its way (its logs are followed).
   */
  get isActive(): boolean {
    return isActive(this.status);
  }

  /**
   * The one-line error of the last refresh, or an empty string.
   */
  get error(): string {
    return this._error;
  }

  /**
   * Whether the first answer is awaited.
   */
  get loading(): boolean {
    return this._detail === null && this._error === '';
  }

  /**
   * The logs, once loaded (they are loaded when the Logs tab is shown).
   */
  get logs(): IWorkflowLogs | null {
    return this._logs;
  }

  /**
   * Why the logs could not be loaded, or an empty string.
   */
  get logsError(): string {
    return this._logsError;
  }

  /**
   * The tab shown.
   */
  get tab(): DetailTab {
    return this._tab;
  }
  set tab(tab: DetailTab) {
    if (tab === this._tab) {
      return;
    }
    this._tab = tab;
    this._emit();
    if (tab === 'logs') {
      void this.loadLogs();
    } else if (tab === 'workspace' && this.workspace.state === 'empty') {
      void this.workspace.refresh();
    }
  }

  /**
   * Whether the detail is in view; while it is not, refreshes stand by.
   */
  get visible(): boolean {
    return this._visible;
  }
  set visible(visible: boolean) {
    if (visible === this._visible) {
      return;
    }
    this._visible = visible;
    if (visible && this._started && !this._isDisposed) {
      this._schedule();
    }
  }

  /**
   * Whether the detail is refreshed automatically now.
   */
  get following(): boolean {
    const phase = this._poll.state.phase;
    return this._started && phase !== 'stopped' && phase !== 'disposed';
  }

  /**
   * Whether a stop, delete or download asked here is on its way.
   */
  get busy(): 'stopping' | 'deleting' | null {
    return this._busy;
  }

  /**
   * How many downloads started here are on their way.
   */
  get downloads(): number {
    return this._downloads;
  }

  /**
   * Start: load now, then follow while the workflow is on its way.
   */
  start(): Promise<void> {
    this._started = true;
    const done = new Promise<void>(resolve => this._waiting.push(resolve));
    void this._poll.refresh();
    return done;
  }

  /**
   * Load again now (and follow again if the workflow is on its way).
   */
  refresh(): Promise<void> {
    if (this.workspace.state !== 'empty') {
      void this.workspace.refresh();
    }
    return this.start();
  }

  /**
   * Load what the logs gained since the last load (all of their tails at
   * first). Loads run one after the other: each sends the cursor of the one
   * before, so no part is appended twice.
   */
  loadLogs(): Promise<void> {
    this._logsQueue = this._logsQueue.then(() => this._loadLogs());
    return this._logsQueue;
  }

  private async _loadLogs(): Promise<void> {
    const since = this._logsCursor;
    try {
      const answer = await this.client.logs(this.server, this.id, since);
      this._logs = mergeLogs(since ? this._logs : null, answer, this._logLimit);
      this._logsCursor = nextCursor(answer);
      this._logsError = '';
    } catch (error) {
      this._logsCursor = ''; // whatever went wrong, the next load starts over
      this._logsError = errorMessage(error);
    }
    this._emit();
  }

  /**
   * Stop the workflow.
   *
   * @returns whether it stopped; otherwise `error` says why
   */
  async stop(): Promise<boolean> {
    if (this._busy) {
      return false;
    }
    this._busy = 'stopping';
    this._emit();
    try {
      const workflow = await this.client.stop(this.server, this.id);
      if (workflow && this._detail) {
        this._detail = { ...this._detail, ...workflow };
      }
      this._error = '';
      return true;
    } catch (error) {
      this._error = errorMessage(error);
      return false;
    } finally {
      this._busy = null;
      this._emit();
      if (!this._isDisposed) {
        void this.start();
      }
    }
  }

  /**
   * Delete the workflow and its workspace (ask the user first).
   *
   * @returns whether it was deleted; otherwise `error` says why
   */
  async delete(): Promise<boolean> {
    if (this._busy) {
      return false;
    }
    this._busy = 'deleting';
    this._emit();
    try {
      await this.client.deleteWorkflow(this.server, this.id);
    } catch (error) {
      this._error = errorMessage(error);
      this._busy = null;
      this._emit();
      return false;
    }
    this._busy = null;
    void this._poll.stop();
    this._deleted.emit();
    this._emit();
    return true;
  }

  /**
   * Download the files selected in the workspace browser.
   */
  downloadSelected(destination?: string): Promise<IJob | null> {
    const files = [...this.workspace.selected];
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
    const label = this.label;
    const count = request.files?.length ?? 0;
    this._downloads++;
    this._emit();
    try {
      const job = await this._follow(
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
      return job;
    } catch {
      // The follower told the user.
      return null;
    } finally {
      this._downloads--;
      this._emit();
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
    const folder = this._detail?.workspace_path;
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
    const outputs = this._detail?.outputs ?? [];
    const folder = this._detail?.workspace_path;
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

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._poll.dispose();
    this.workspace.dispose();
    for (const resolve of this._waiting.splice(0)) {
      resolve();
    }
    Signal.clearData(this);
  }

  /**
   * The poll's factory: the workflow, and its logs while they are shown.
   */
  private async _tick(): Promise<void> {
    const wasActive = this.isActive;
    try {
      const [detail] = await Promise.all([
        this.client.workflow(this.server, this.id),
        this._tab === 'logs' ? this.loadLogs() : Promise.resolve()
      ]);
      if (this._isDisposed) {
        return;
      }
      this._detail = detail;
      this._error = '';
      this._watcher?.observe(this.server, detail);
      if (
        wasActive &&
        !this.isActive &&
        this._tab === 'logs' &&
        ENDED_STATUSES.has(detail.status)
      ) {
        // The last lines written before it ended.
        await this.loadLogs();
      }
    } catch (error) {
      if (!this._isDisposed) {
        this._error = errorMessage(error);
        this._emit();
      }
      this._done();
      throw error;
    }
    this._emit();
    this._done();
    this._schedule();
  }

  /**
   * Follow quickly while the workflow is on its way, slowly while it is
   * only created, not at all once it ended.
   */
  private _schedule(): void {
    if (this._isDisposed) {
      return;
    }
    const status = this.status;
    if (isActive(status)) {
      this._poll.frequency = {
        interval: this._activeInterval,
        backoff: 2,
        max: 60000
      };
    } else if (status === 'created') {
      const interval = Math.min(60000, this._poll.frequency.interval * 2);
      this._poll.frequency = { interval, backoff: 2, max: 60000 };
    } else {
      void this._poll.stop();
    }
  }

  private _done(): void {
    for (const resolve of this._waiting.splice(0)) {
      resolve();
    }
  }

  private _emit(): void {
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  private _activeInterval: number;
  private _busy: 'stopping' | 'deleting' | null = null;
  private _changed = new Signal<this, void>(this);
  private _deleted = new Signal<this, void>(this);
  private _detail: IWorkflowDetail | null = null;
  private _downloads = 0;
  private _error = '';
  private _follow: JobFollower;
  private _isDisposed = false;
  private _logLimit: number;
  private _logs: IWorkflowLogs | null = null;
  private _logsCursor = '';
  private _logsError = '';
  private _logsQueue: Promise<void> = Promise.resolve();
  private _poll: Poll;
  private _reveal: ((path: string) => void) | null;
  private _started = false;
  private _summary: IWorkflow | null;
  private _tab: DetailTab = 'overview';
  private _trans: TranslationBundle;
  private _visible = true;
  private _waiting: (() => void)[] = [];
  private _watcher: WorkflowWatcher | null;
}

/**
 * The namespace for `WorkflowDetailModel` statics.
 */
export namespace WorkflowDetailModel {
  export interface IOptions {
    client: ReanaClient;
    server: string;
    id: string;
    /** Whether the server is the local engine (default: named `local`). */
    isLocal?: boolean;
    /** The list's row, shown until the detail arrives. */
    summary?: IWorkflow | null;
    /** Follows download jobs (with a notification in the lab). */
    follow: JobFollower;
    /** Told the workflow's status, to notify when it ends. */
    watcher?: WorkflowWatcher | null;
    /** Shows a folder of the lab's file tree (a download's destination). */
    reveal?: ((path: string) => void) | null;
    /** Milliseconds between refreshes while it runs (2 s). */
    activeInterval?: number;
    /** Characters kept per log in the view (`LOG_VIEW_LIMIT`, about 4 MB). */
    logViewLimit?: number;
    /** Workspace files per page (50). */
    workspacePageSize?: number;
    /** Milliseconds after the last keystroke before searching (300). */
    searchDelay?: number;
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
