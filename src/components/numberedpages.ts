/**
 * A list shown one numbered page at a time (records, communities, the files
 * of a workspace, the workflows of a server), with a search that follows a
 * moment after typing stops. Answers to older requests are ignored. A
 * subclass adds its own filters (`filtersChanged()`), refreshes in the
 * background (`fetchPage(true)`) or routes loads elsewhere (`reload()`).
 */
import { Debouncer } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';

import { errorMessage } from '../api';
import { Model } from './model';
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
export class NumberedPagesModel<T> extends Model {
  constructor(options: NumberedPagesModel.IOptions<T> = {}) {
    super();
    this._pageSize = options.pageSize ?? 20;
    this._fetcher = options.fetcher ?? null;
    this._debouncer = new Debouncer(
      () => this.reload(),
      options.searchDelay ?? 300
    );
  }

  /**
   * Emitted after every request for a page, answered or failed.
   */
  get fetched(): ISignal<this, void> {
    return this._fetched;
  }

  get state(): NumberedPagesState {
    return this._state;
  }

  get error(): string {
    return this._error;
  }

  /**
   * Whether a request is on its way (a refresh keeps the page shown).
   */
  get loading(): boolean {
    return this._loading;
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
      void this.reload();
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
    this._items = [];
    this._total = 0;
    this._page = 1;
    return this.reload();
  }

  /**
   * Ask for the page shown again.
   */
  refresh(): Promise<void> {
    return this.reload();
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
    return this.reload();
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

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._generation++;
    this._debouncer.dispose();
    super.dispose();
  }

  /**
   * Load the page shown for filters that changed: the list says it is
   * loading until the answer comes. A subclass may route it elsewhere.
   */
  protected reload(): Promise<void> {
    return this.fetchPage().catch(() => undefined);
  }

  /**
   * A filter of a subclass changed: back to the first page, and load it.
   */
  protected filtersChanged(): void {
    this._page = 1;
    void this.reload();
  }

  /**
   * Say the list is loading, and drop the answers of earlier requests.
   */
  protected markLoading(): void {
    this._generation++;
    if (this._fetcher) {
      this._state = 'loading';
      this._error = '';
    }
    this.emitChanged();
  }

  /**
   * Fetch the page shown; `quiet`: a refresh, the page stays shown while
   * the answer comes. A page emptied since (its items deleted) gives way to
   * the last page.
   *
   * @returns a promise rejected when the request fails (`error` says why)
   */
  protected async fetchPage(quiet = false): Promise<void> {
    const fetcher = this._fetcher;
    if (this.isDisposed) {
      return;
    }
    if (!fetcher) {
      this._generation++;
      this._items = [];
      this._total = 0;
      this._state = 'empty';
      this._error = '';
      this._loading = false;
      this.emitChanged();
      return;
    }
    if (!quiet) {
      this._state = 'loading';
      this._error = '';
    }
    const generation = ++this._generation;
    this._loading = true;
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
      this._error = '';
      this.onPage(this._items);
      if (this._items.length === 0 && this._page > 1 && this._total > 0) {
        this._page = this.pageCount;
        void this.reload();
      }
    } catch (error) {
      if (generation !== this._generation) {
        return;
      }
      this._state = 'error';
      this._error = errorMessage(error);
      throw error;
    } finally {
      if (generation === this._generation && !this.isDisposed) {
        this._loading = false;
        this._fetched.emit();
        this.emitChanged();
      }
    }
  }

  /**
   * A page came (a subclass follows what it lists).
   */
  protected onPage(items: readonly T[]): void {
    // Nothing by default.
  }

  private _debouncer: Debouncer;
  private _error = '';
  private _fetched = new Signal<this, void>(this);
  private _fetcher: NumberedPageFetcher<T> | null = null;
  private _generation = 0;
  private _items: T[] = [];
  private _loading = false;
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
