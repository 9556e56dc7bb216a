/**
 * The workflows of the chosen server: one page at a time (a
 * `NumberedPagesModel`), filtered by status and name, sorted, and refreshed
 * live with one list request per refresh (never one per workflow). The
 * refresh is quick while something runs, backs off to once a minute when
 * nothing does (and after errors), and stands by while the page or the
 * panel is hidden.
 */
import { IPoll, Poll } from '@lumino/polling';

import {
  INumberedPageQuery,
  NumberedPagesModel,
  NumberedPagesState
} from '../components/numberedpages';
import { ReanaClient } from './client';
import {
  isActive,
  IWorkflow,
  IWorkflowQuery,
  WorkflowSort,
  WorkflowStatus
} from './types';
import { WorkflowWatcher } from './watcher';

/**
 * Where the list stands (`empty`: no server chosen).
 */
export type WorkflowListState = NumberedPagesState;

/**
 * Milliseconds between refreshes while a shown workflow is on its way.
 */
export const ACTIVE_INTERVAL = 2000;

/**
 * The longest wait between refreshes, when nothing runs or after errors.
 */
export const MAX_INTERVAL = 60000;

/**
 * The model of the workflow list; `query` is the name searched for.
 */
export class WorkflowListModel extends NumberedPagesModel<IWorkflow> {
  constructor(options: WorkflowListModel.IOptions) {
    super({ pageSize: options.pageSize, searchDelay: options.searchDelay });
    this.client = options.client;
    this._watcher = options.watcher ?? null;
    this._activeInterval = options.activeInterval ?? ACTIVE_INTERVAL;
    this._maxInterval = Math.max(
      this._activeInterval,
      options.maxInterval ?? MAX_INTERVAL
    );
    this._growth = options.growth ?? 2;
    this._interval = this._activeInterval;
    this._poll = new Poll({
      auto: false,
      // Rejecting (a failed request) makes the poll back off.
      factory: () => (this._server ? this.fetchPage(true) : Promise.resolve()),
      frequency: this._frequency(),
      // Hidden, the list still follows the workflows it saw running (to
      // tell when they end), unless the browser tab is hidden too.
      standby: () =>
        this._visible || (this._watcher?.size ?? 0) > 0 ? 'when-hidden' : true,
      name: 'vre-lab:reana-workflows'
    });
    this.fetched.connect(() => {
      for (const resolve of this._waiting.splice(0)) {
        resolve();
      }
    });
  }

  readonly client: ReanaClient;

  /**
   * The server whose workflows are listed, or null.
   */
  get server(): string | null {
    return this._server;
  }
  set server(server: string | null) {
    if (server === this._server) {
      return;
    }
    this._server = server;
    if (server === null) {
      void this._poll.stop();
    }
    void this.setFetcher(
      server === null
        ? null
        : query => this.client.workflows(server, this._request(query))
    );
  }

  /**
   * The statuses shown; empty: all of them.
   */
  get statuses(): readonly WorkflowStatus[] {
    return this._statuses;
  }
  set statuses(statuses: readonly WorkflowStatus[]) {
    this._statuses = [...new Set(statuses)];
    this.filtersChanged();
  }

  /**
   * Show or hide one status.
   */
  toggleStatus(status: WorkflowStatus): void {
    const statuses = this._statuses.includes(status)
      ? this._statuses.filter(s => s !== status)
      : [...this._statuses, status];
    this.statuses = statuses;
  }

  get sort(): WorkflowSort {
    return this._sort;
  }
  set sort(sort: WorkflowSort) {
    if (sort !== this._sort) {
      this._sort = sort;
      this.filtersChanged();
    }
  }

  /**
   * Milliseconds until the next automatic refresh (after a good answer).
   */
  get interval(): number {
    return this._interval;
  }

  /**
   * Whether the list is in view; while it is not, refreshes stand by
   * (unless a workflow seen running has not ended yet).
   */
  get visible(): boolean {
    return this._visible;
  }
  set visible(visible: boolean) {
    if (visible === this._visible) {
      return;
    }
    this._visible = visible;
    if (visible && this._server && !this.isDisposed) {
      void this._poll.refresh();
    }
  }

  /**
   * Ask again now, and quickly for a while (after a run was started, a
   * workflow stopped or deleted, or the user asked).
   *
   * @returns a promise resolved after that request
   */
  refresh(): Promise<void> {
    if (!this._server || this.isDisposed) {
      return Promise.resolve();
    }
    const done = new Promise<void>(resolve => this._waiting.push(resolve));
    this._interval = this._activeInterval;
    this._poll.frequency = this._frequency();
    void this._poll.refresh();
    return done;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._poll.dispose();
    for (const resolve of this._waiting.splice(0)) {
      resolve();
    }
    super.dispose();
  }

  /**
   * New filters or page: say so, and ask through the poll (which then
   * refreshes from there).
   */
  protected reload(): Promise<void> {
    if (!this._server) {
      return super.reload();
    }
    this.markLoading();
    return this.refresh();
  }

  /**
   * Tell the watcher what is listed; refresh quickly while something runs,
   * otherwise wait longer each time.
   */
  protected onPage(items: readonly IWorkflow[]): void {
    if (this._server) {
      this._watcher?.observeAll(this._server, items);
    }
    this._interval = items.some(workflow => isActive(workflow.status))
      ? this._activeInterval
      : Math.min(this._maxInterval, this._interval * this._growth);
    this._poll.frequency = this._frequency();
  }

  /**
   * What the list request asks for.
   */
  private _request(query: INumberedPageQuery): IWorkflowQuery {
    const request: IWorkflowQuery = {
      sort: this._sort,
      page: query.page,
      size: query.size
    };
    if (this._statuses.length) {
      request.status = this._statuses;
    }
    if (query.q) {
      request.search = query.q;
    }
    return request;
  }

  private _frequency(): IPoll.Frequency {
    return {
      interval: this._interval,
      backoff: this._growth,
      max: this._maxInterval
    };
  }

  private _activeInterval: number;
  private _growth: number;
  private _interval: number;
  private _maxInterval: number;
  private _poll: Poll;
  private _server: string | null = null;
  private _sort: WorkflowSort = 'desc';
  private _statuses: WorkflowStatus[] = [];
  private _visible = true;
  private _waiting: (() => void)[] = [];
  private _watcher: WorkflowWatcher | null;
}

/**
 * The namespace for `WorkflowListModel` statics.
 */
export namespace WorkflowListModel {
  export interface IOptions {
    client: ReanaClient;
    /** Told every workflow listed, to notice those that end. */
    watcher?: WorkflowWatcher | null;
    /** Workflows per page (default 20). */
    pageSize?: number;
    /** Milliseconds between refreshes while something runs (2 s). */
    activeInterval?: number;
    /** The longest wait between refreshes (60 s). */
    maxInterval?: number;
    /** The factor by which the wait grows when idle or failing (2). */
    growth?: number;
    /** Milliseconds after the last keystroke before searching (300). */
    searchDelay?: number;
  }
}
