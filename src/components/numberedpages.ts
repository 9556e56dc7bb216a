/**
 * A list shown one numbered page at a time (records, communities, the files
 * of a workspace), with a search that follows a moment after typing stops.
 * Answers to older requests are ignored.
 */
import { IDisposable } from '@lumino/disposable';
import { Debouncer } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';

import { errorMessage } from '../api';
/**
 * Which page to fetch, and the text searched for.
 */
export interface INumberedPageQuery {
  q?: string;
  page: number;
  size: number;
}

/**
 * One page, and how many items match on every page.
 */
export interface INumberedPage<T> {
  items: T[];
  total: number;
}

/**
 * Fetch one page.
 */
export type NumberedPageFetcher<T> = (
  query: INumberedPageQuery
) => Promise<INumberedPage<T>>;

/**
 * Where the list stands.
 *
 * - `empty`: nothing loaded yet, or nothing to list (no fetcher).
 * - `loading`: a page is on its way.
 * - `ready`: a page is shown.
 * - `error`: the last request failed; `error` says why.
 */
export type NumberedPagesState = 'empty' | 'loading' | 'ready' | 'error';

/**
 * The model of a paged list.
 */
export class NumberedPagesModel<T> implements IDisposable {
  constructor(options: NumberedPagesModel.IOptions<T> = {}) {
    this._pageSize = options.pageSize ?? 20;
    this._fetcher = options.fetcher ?? null;
    this._debouncer = new Debouncer(
      () => this._load(),
      options.searchDelay ?? 300
    );
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get state(): NumberedPagesState {
    return this._state;
  }

  get error(): string {
    return this._error;
  }

  get loading(): boolean {
    return this._state === 'loading';
  }

  get items(): readonly T[] {
    return this._items;
  }

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
    return Math.max(1, Math.ceil(this._total / this._pageSize));
  }

  get pageSize(): number {
    return this._pageSize;
  }
  set pageSize(size: number) {
    size = Math.max(1, Math.floor(size));
    if (size !== this._pageSize) {
      this._pageSize = size;
      this._page = 1;
      void this._load();
    }
  }

  /**
   * The text searched for; the list follows a moment after typing stops.
   */
  get query(): string {
    return this._query;
  }
  set query(query: string) {
    if (query === this._query) {
      return;
    }
    this._query = query;
    this._page = 1;
    this.emitChanged();
    void this._debouncer.invoke();
  }

  /**
   * Where pages come from; null empties the list. The first page loads.
   */
  setFetcher(fetcher: NumberedPageFetcher<T> | null): Promise<void> {
    this._fetcher = fetcher;
    this._page = 1;
    return this._load();
  }

  /**
   * Ask for the page shown again.
   */
  refresh(): Promise<void> {
    return this._load();
  }

  nextPage(): Promise<void> {
    return this.goTo(this._page + 1);
  }

  previousPage(): Promise<void> {
    return this.goTo(this._page - 1);
  }

  goTo(page: number): Promise<void> {
    page = Math.min(Math.max(1, page), this.pageCount);
    if (page === this._page) {
      return Promise.resolve();
    }
    this._page = page;
    return this._load();
  }

  /**
   * Replace or drop one item where it is (after an action on it).
   */
  update(match: (item: T) => boolean, item: T | null): void {
    const index = this._items.findIndex(match);
    if (index < 0) {
      return;
    }
    if (item) {
      this._items[index] = item;
    } else {
      this._items.splice(index, 1);
      this._total = Math.max(0, this._total - 1);
    }
    this.emitChanged();
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

  private async _load(): Promise<void> {
    const generation = ++this._generation;
    const fetcher = this._fetcher;
    if (!fetcher) {
      this._items = [];
      this._total = 0;
      this._state = 'empty';
      this._error = '';
      this.emitChanged();
      return;
    }
    this._state = 'loading';
    this._error = '';
    this.emitChanged();
    try {
      const answer = await fetcher({
        q: this._query.trim() || undefined,
        page: this._page,
        size: this._pageSize
      });
      if (generation !== this._generation) {
        return;
      }
      this._items = Array.isArray(answer?.items) ? answer.items : [];
      this._total =
        typeof answer?.total === 'number' ? answer.total : this._items.length;
      this._state = 'ready';
    } catch (error) {
      if (generation !== this._generation) {
        return;
      }
      this._state = 'error';
      this._error = errorMessage(error);
    }
    this.emitChanged();
  }

  /**
   * Tell the views that something here changed.
   */
  protected emitChanged(): void {
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  private _changed = new Signal<this, void>(this);
  private _debouncer: Debouncer;
  private _error = '';
  private _fetcher: NumberedPageFetcher<T> | null = null;
  private _generation = 0;
  private _isDisposed = false;
  private _items: T[] = [];
  private _page = 1;
  private _pageSize: number;
  private _query = '';
  private _state: NumberedPagesState = 'empty';
  private _total = 0;
}

/**
 * The namespace for `NumberedPagesModel` statics.
 */
export namespace NumberedPagesModel {
  export interface IOptions<T> {
    /** Where pages come from, when known at once (nothing loads yet). */
    fetcher?: NumberedPageFetcher<T>;
    /** Items per page (20). */
    pageSize?: number;
    /** Milliseconds after the last keystroke before searching (300). */
    searchDelay?: number;
  }
}
