/**
 * The workflows of the chosen server: one page at a time, filtered by status
 * and name, sorted, and refreshed live with one list request per refresh
 * (never one per workflow). The refresh is quick while something runs,
 * backs off to once a minute when nothing does (and after errors), and
 * stands by while the page or the panel is hidden.
 */
import { IDisposable } from '@lumino/disposable';
import { Debouncer, IPoll, Poll } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';

import { errorMessage } from '../api';
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
 * Where the list stands.
 *
 * - `empty`: no server chosen.
 * - `loading`: the first page for these filters is on its way.
 * - `ready`: a page is shown.
 * - `error`: the last request failed; `error` says why.
 */
export type WorkflowListState = 'empty' | 'loading' | 'ready' | 'error';

/**
 * Milliseconds between refreshes while a shown workflow is on its way.
 */
export const ACTIVE_INTERVAL = 2000;

/**
 * The longest wait between refreshes, when nothing runs or after errors.
 */
export const MAX_INTERVAL = 60000;

/**
 * The model of the workflow list.
 */
export class WorkflowListModel implements IDisposable {
  constructor(options: WorkflowListModel.IOptions) {
    this.client = options.client;
    this._watcher = options.watcher ?? null;
    this._pageSize = options.pageSize ?? 20;
    this._activeInterval = options.activeInterval ?? ACTIVE_INTERVAL;
    this._maxInterval = Math.max(
      this._activeInterval,
      options.maxInterval ?? MAX_INTERVAL
    );
    this._growth = options.growth ?? 2;
    this._interval = this._activeInterval;
    this._poll = new Poll({
      auto: false,
      factory: () => this._fetch(),
      frequency: this._frequency(),
      // Hidden, the list still follows the workflows it saw running (to
      // tell when they end), unless the browser tab is hidden too.
      standby: () =>
        this._visible || (this._watcher?.size ?? 0) > 0 ? 'when-hidden' : true,
      name: 'vre-lab:reana-workflows'
    });
    this._debouncer = new Debouncer(
      () => this._reload(),
      options.searchDelay ?? 300
    );
  }

  readonly client: ReanaClient;

  /**
   * Emitted whenever anything here changes.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * Emitted after every list request, answered or failed.
   */
  get fetched(): ISignal<this, void> {
    return this._fetched;
  }

  get state(): WorkflowListState {
    return this._state;
  }

  /**
   * The one-line error of the last request, or an empty string.
   */
  get error(): string {
    return this._error;
  }

  /**
   * Whether a request is on its way.
   */
  get loading(): boolean {
    return this._loading;
  }

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
    this._items = [];
    this._total = 0;
    this._page = 1;
    if (server === null) {
      this._generation++;
      this._state = 'empty';
      this._error = '';
      void this._poll.stop();
      this._emit();
    } else {
      this._reload();
    }
  }

  /**
   * The statuses shown; empty: all of them.
   */
  get statuses(): readonly WorkflowStatus[] {
    return this._statuses;
  }
  set statuses(statuses: readonly WorkflowStatus[]) {
    this._statuses = [...new Set(statuses)];
    this._page = 1;
    this._reload();
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

  /**
   * The name searched for; the list follows a moment after typing stops.
   */
  get search(): string {
    return this._search;
  }
  set search(search: string) {
    if (search === this._search) {
      return;
    }
    this._search = search;
    this._page = 1;
    this._emit();
    void this._debouncer.invoke();
  }

  get sort(): WorkflowSort {
    return this._sort;
  }
  set sort(sort: WorkflowSort) {
    if (sort !== this._sort) {
      this._sort = sort;
      this._page = 1;
      this._reload();
    }
  }

  /**
   * Workflows per page.
   */
  get pageSize(): number {
    return this._pageSize;
  }
  set pageSize(size: number) {
    size = Math.max(1, Math.floor(size));
    if (size !== this._pageSize) {
      this._pageSize = size;
      this._page = 1;
      if (this._server) {
        this._reload();
      }
    }
  }

  /**
   * The page shown, from 1.
   */
  get page(): number {
    return this._page;
  }

  /**
   * How many pages the server has for these filters (at least 1).
   */
  get pageCount(): number {
    return Math.max(1, Math.ceil(this._total / this._pageSize));
  }

  /**
   * How many workflows match, on every page.
   */
  get total(): number {
    return this._total;
  }

  /**
   * The workflows of the page shown.
   */
  get items(): readonly IWorkflow[] {
    return this._items;
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
   * What the next request asks for.
   */
  get query(): IWorkflowQuery {
    const query: IWorkflowQuery = {
      sort: this._sort,
      page: this._page,
      size: this._pageSize
    };
    if (this._statuses.length) {
      query.status = this._statuses;
    }
    const search = this._search.trim();
    if (search) {
      query.search = search;
    }
    return query;
  }

  /**
   * Go to another page.
   */
  goToPage(page: number): void {
    page = Math.min(Math.max(1, Math.floor(page)), this.pageCount);
    if (page !== this._page) {
      this._page = page;
      this._reload();
    }
  }

  nextPage(): void {
    this.goToPage(this._page + 1);
  }

  previousPage(): void {
    this.goToPage(this._page - 1);
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
    const done = this._nextFetch();
    this._interval = this._activeInterval;
    this._poll.frequency = this._frequency();
    void this._poll.refresh();
    return done;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._generation++;
    this._poll.dispose();
    this._debouncer.dispose();
    for (const resolve of this._waiting.splice(0)) {
      resolve();
    }
    Signal.clearData(this);
  }

  /**
   * Forget the shown page's freshness and ask for the current filters now.
   */
  private _reload(): void {
    if (this._isDisposed) {
      return;
    }
    this._generation++;
    if (this._server) {
      this._state = 'loading';
      this._error = '';
    }
    this._emit();
    void this.refresh();
  }

  /**
   * The poll's factory: one list request.
   */
  private async _fetch(): Promise<void> {
    const server = this._server;
    if (!server || this._isDisposed) {
      return;
    }
    const generation = this._generation;
    const query = this.query;
    this._loading = true;
    this._emit();
    try {
      const answer = await this.client.workflows(server, query);
      if (generation !== this._generation) {
        return;
      }
      const items = Array.isArray(answer?.items) ? answer.items : [];
      this._total = typeof answer?.total === 'number' ? answer.total : 0;
      this._items = items;
      this._state = 'ready';
      this._error = '';
      this._watcher?.observeAll(server, items);
      this._adjust(items.some(workflow => isActive(workflow.status)));
      if (items.length === 0 && this._page > 1 && this._total > 0) {
        // The page emptied (workflows deleted): show the last one.
        this._page = this.pageCount;
        this._reload();
      }
    } catch (error) {
      if (generation !== this._generation) {
        return;
      }
      this._state = 'error';
      this._error = errorMessage(error);
      // Rejecting makes the poll back off.
      throw error;
    } finally {
      if (generation === this._generation || this._isDisposed) {
        this._loading = false;
        for (const resolve of this._waiting.splice(0)) {
          resolve();
        }
        if (!this._isDisposed) {
          this._fetched.emit();
        }
        this._emit();
      }
    }
  }

  /**
   * Quick refreshes while something runs; otherwise wait longer each time.
   */
  private _adjust(active: boolean): void {
    this._interval = active
      ? this._activeInterval
      : Math.min(this._maxInterval, this._interval * this._growth);
    this._poll.frequency = this._frequency();
  }

  private _frequency(): IPoll.Frequency {
    return {
      interval: this._interval,
      backoff: this._growth,
      max: this._maxInterval
    };
  }

  private _nextFetch(): Promise<void> {
    return new Promise(resolve => this._waiting.push(resolve));
  }

  private _emit(): void {
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  private _activeInterval: number;
  private _changed = new Signal<this, void>(this);
  private _debouncer: Debouncer;
  private _error = '';
  private _fetched = new Signal<this, void>(this);
  private _generation = 0;
  private _growth: number;
  private _interval: number;
  private _isDisposed = false;
  private _items: IWorkflow[] = [];
  private _loading = false;
  private _maxInterval: number;
  private _page = 1;
  private _pageSize: number;
  private _poll: Poll;
  private _search = '';
  private _server: string | null = null;
  private _sort: WorkflowSort = 'desc';
  private _state: WorkflowListState = 'empty';
  private _statuses: WorkflowStatus[] = [];
  private _total = 0;
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
