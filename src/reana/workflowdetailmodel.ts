/**
 * One workflow opened from the list: its status and progress, parameters
 * and specification (followed live while it runs), stopping and deleting
 * it, and its parts: the logs (`WorkflowLogsModel`), the workspace
 * (`WorkspaceModel`) and the output actions (`WorkflowOutputs`).
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { Poll } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';

import { errorMessage } from '../api';
import { JobFollower } from '../components/jobs';
import { Model, Submission } from '../components/model';
import { ReanaClient } from './client';
import { runLabel } from './names';
import {
  ENDED_STATUSES,
  isActive,
  IWorkflow,
  IWorkflowDetail,
  WorkflowStatus
} from './types';
import { WorkflowWatcher } from './watcher';
import { WorkflowLogsModel } from './workflowlogs';
import { WorkflowOutputs } from './workflowoutputs';
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
export class WorkflowDetailModel extends Model {
  constructor(options: WorkflowDetailModel.IOptions) {
    super();
    const { client, server, id } = options;
    this.client = client;
    this.server = server;
    this.id = id;
    this.isLocal = options.isLocal ?? server === 'local';
    this._watcher = options.watcher ?? null;
    this._activeInterval = options.activeInterval ?? DETAIL_INTERVAL;
    this._summary = options.summary ?? null;
    this.workspace = new WorkspaceModel({
      client,
      server,
      id,
      pageSize: options.workspacePageSize,
      searchDelay: options.searchDelay
    });
    this.logs = new WorkflowLogsModel({
      client,
      server,
      id,
      limit: options.logViewLimit
    });
    this.outputs = new WorkflowOutputs({
      client,
      server,
      id,
      isLocal: this.isLocal,
      follow: options.follow,
      reveal: options.reveal,
      detail: () => this._detail,
      label: () => this.label,
      trans: options.trans ?? nullTranslator.load('vre_lab')
    });
    for (const part of [this.workspace, this.logs, this.outputs]) {
      part.changed.connect(this.emitChanged, this);
    }
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
   * The workflow's logs (loaded when the Logs tab is shown).
   */
  readonly logs: WorkflowLogsModel;

  /**
   * Downloading its files, opening them, its outputs for publishing.
   */
  readonly outputs: WorkflowOutputs;

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
   * The one-line error of the last refresh, stop or delete, or an empty
   * string.
   */
  get error(): string {
    return this._actions.error || this._error;
  }

  /**
   * Whether the first answer is awaited.
   */
  get loading(): boolean {
    return this._detail === null && this._error === '';
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
    this.emitChanged();
    if (tab === 'logs') {
      void this.logs.load();
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
    if (visible && this._started && !this.isDisposed) {
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
   * Whether a stop or delete asked here is on its way.
   */
  get busy(): 'stopping' | 'deleting' | null {
    return this._actions.kind;
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
   * Stop the workflow.
   *
   * @returns whether it stopped; otherwise `error` says why
   */
  async stop(): Promise<boolean> {
    const stopped = await this._actions.run(
      async () => {
        const workflow = await this.client.stop(this.server, this.id);
        if (workflow && this._detail) {
          this._detail = { ...this._detail, ...workflow };
        }
      },
      { kind: 'stopping' }
    );
    if (!this.isDisposed) {
      void this.start();
    }
    return stopped;
  }

  /**
   * Delete the workflow and its workspace (ask the user first).
   *
   * @returns whether it was deleted; otherwise `error` says why
   */
  async delete(): Promise<boolean> {
    const deleted = await this._actions.run(
      () => this.client.deleteWorkflow(this.server, this.id),
      { kind: 'deleting' }
    );
    if (deleted) {
      void this._poll.stop();
      this._deleted.emit();
    }
    return deleted;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._poll.dispose();
    this.workspace.dispose();
    this.logs.dispose();
    this.outputs.dispose();
    this._done();
    super.dispose();
  }

  /**
   * The poll's factory: the workflow, and its logs while they are shown.
   */
  private async _tick(): Promise<void> {
    const wasActive = this.isActive;
    try {
      const [detail] = await Promise.all([
        this.client.workflow(this.server, this.id),
        this._tab === 'logs' ? this.logs.load() : Promise.resolve()
      ]);
      if (this.isDisposed) {
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
        await this.logs.load();
      }
    } catch (error) {
      if (!this.isDisposed) {
        this._error = errorMessage(error);
        this.emitChanged();
      }
      this._done();
      throw error;
    }
    this.emitChanged();
    this._done();
    this._schedule();
  }

  /**
   * Follow quickly while the workflow is on its way, slowly while it is
   * only created, not at all once it ended.
   */
  private _schedule(): void {
    if (this.isDisposed) {
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

  private _actions = new Submission<'stopping' | 'deleting'>(() =>
    this.emitChanged()
  );
  private _activeInterval: number;
  private _deleted = new Signal<this, void>(this);
  private _detail: IWorkflowDetail | null = null;
  private _error = '';
  private _poll: Poll;
  private _started = false;
  private _summary: IWorkflow | null;
  private _tab: DetailTab = 'overview';
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
