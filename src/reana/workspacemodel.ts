/**
 * The files of a workflow's workspace: one page at a time, searched by
 * name (a moment after typing stops), with a selection to download.
 */
import { IDisposable } from '@lumino/disposable';
import { Debouncer } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';

import { errorMessage } from '../api';
import { ReanaClient } from './client';
import { IWorkspaceFile } from './types';

/**
 * Where the workspace listing stands.
 */
export type WorkspaceState = 'empty' | 'loading' | 'ready' | 'error';

/**
 * The model of a workflow's workspace browser.
 */
export class WorkspaceModel implements IDisposable {
  constructor(options: WorkspaceModel.IOptions) {
    this.client = options.client;
    this.server = options.server;
    this.id = options.id;
    this.pageSize = options.pageSize ?? 50;
    this._debouncer = new Debouncer(
      () => this._reload(),
      options.searchDelay ?? 300
    );
  }

  readonly client: ReanaClient;
  readonly server: string;
  readonly id: string;
  readonly pageSize: number;

  /**
   * Emitted whenever anything here changes.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get state(): WorkspaceState {
    return this._state;
  }

  /**
   * The one-line error of the last request, or an empty string.
   */
  get error(): string {
    return this._error;
  }

  /**
   * The files of the page shown.
   */
  get items(): readonly IWorkspaceFile[] {
    return this._items;
  }

  /**
   * How many files match, on every page.
   */
  get total(): number {
    return this._total;
  }

  /**
   * The page shown, from 1.
   */
  get page(): number {
    return this._page;
  }

  get pageCount(): number {
    return Math.max(1, Math.ceil(this._total / this.pageSize));
  }

  /**
   * Part of the file names shown.
   */
  get search(): string {
    return this._search;
  }
  set search(search: string) {
    if (search !== this._search) {
      this._search = search;
      this._page = 1;
      this._emit();
      void this._debouncer.invoke();
    }
  }

  /**
   * The names selected for download (on any page).
   */
  get selected(): ReadonlySet<string> {
    return this._selected;
  }

  /**
   * Select or unselect a file.
   */
  toggle(name: string): void {
    if (this._selected.has(name)) {
      this._selected.delete(name);
    } else {
      this._selected.add(name);
    }
    this._emit();
  }

  /**
   * Select every file of the page shown, or unselect them when all are.
   */
  togglePage(): void {
    const names = this._items.map(item => item.name);
    const all = names.length > 0 && names.every(n => this._selected.has(n));
    for (const name of names) {
      if (all) {
        this._selected.delete(name);
      } else {
        this._selected.add(name);
      }
    }
    this._emit();
  }

  clearSelection(): void {
    if (this._selected.size) {
      this._selected.clear();
      this._emit();
    }
  }

  goToPage(page: number): void {
    page = Math.min(Math.max(1, Math.floor(page)), this.pageCount);
    if (page !== this._page) {
      this._page = page;
      void this.load();
    }
  }

  /**
   * Load the page shown (the first time, or again).
   */
  async load(): Promise<void> {
    const generation = ++this._generation;
    this._state = 'loading';
    this._error = '';
    this._emit();
    try {
      const search = this._search.trim();
      const answer = await this.client.workspace(this.server, this.id, {
        search: search || undefined,
        page: this._page,
        size: this.pageSize
      });
      if (generation !== this._generation) {
        return;
      }
      this._items = Array.isArray(answer?.items) ? answer.items : [];
      this._total = typeof answer?.total === 'number' ? answer.total : 0;
      this._state = 'ready';
    } catch (error) {
      if (generation !== this._generation) {
        return;
      }
      this._state = 'error';
      this._error = errorMessage(error);
    }
    this._emit();
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
    this._debouncer.dispose();
    Signal.clearData(this);
  }

  private _reload(): void {
    if (!this._isDisposed) {
      void this.load();
    }
  }

  private _emit(): void {
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  private _changed = new Signal<this, void>(this);
  private _debouncer: Debouncer;
  private _error = '';
  private _generation = 0;
  private _isDisposed = false;
  private _items: IWorkspaceFile[] = [];
  private _page = 1;
  private _search = '';
  private _selected = new Set<string>();
  private _state: WorkspaceState = 'empty';
  private _total = 0;
}

/**
 * The namespace for `WorkspaceModel` statics.
 */
export namespace WorkspaceModel {
  export interface IOptions {
    client: ReanaClient;
    server: string;
    id: string;
    /** Files per page (default 50). */
    pageSize?: number;
    /** Milliseconds after the last keystroke before searching (300). */
    searchDelay?: number;
  }
}
