/**
 * A list loaded page by page from an API that answers `{items, next_cursor}`:
 * every page is appended (nothing is ever dropped or cut), and the list says
 * whether more are available.
 */
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

/**
 * One page of a listing.
 */
export interface IPageOf<T> {
  items: T[];
  next_cursor: string | null;
}

/**
 * Fetch the page after `cursor` (`null`: the first page).
 */
export type PageFetcher<T> = (cursor: string | null) => Promise<IPageOf<T>>;

/**
 * Where a paged list stands.
 *
 * - `empty`: nothing asked yet.
 * - `loading`: a page is on its way.
 * - `partial`: some pages are loaded and more are available.
 * - `complete`: every item is loaded.
 * - `error`: the last page failed; `loadMore` retries it.
 */
export type PagedListState =
  'empty' | 'loading' | 'partial' | 'complete' | 'error';

/**
 * A model of a paged list. The items live here, not in any view.
 */
export class PagedList<T> implements IDisposable {
  /**
   * Emitted whenever items, state or error change.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * The items loaded so far, in the server's order.
   */
  get items(): readonly T[] {
    return this._items;
  }

  /**
   * Where the list stands.
   */
  get state(): PagedListState {
    return this._state;
  }

  /**
   * Whether a page is on its way.
   */
  get loading(): boolean {
    return this._state === 'loading';
  }

  /**
   * Whether the server has more items than are loaded.
   */
  get hasMore(): boolean {
    return this._fetcher !== null && (!this._started || this._cursor !== null);
  }

  /**
   * Whether the first page has arrived.
   */
  get started(): boolean {
    return this._started;
  }

  /**
   * The error of the last page, or null.
   */
  get error(): unknown {
    return this._error;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Forget every item and, with a fetcher, load the first page.
   *
   * Pages of an earlier fetcher that arrive later are ignored.
   */
  reset(fetcher: PageFetcher<T> | null): Promise<void> {
    this._generation++;
    this._fetcher = fetcher;
    this._items = [];
    this._cursor = null;
    this._started = false;
    this._error = null;
    this._pending = null;
    this._state = fetcher ? 'loading' : 'empty';
    this._emit();
    return fetcher ? this._load() : Promise.resolve();
  }

  /**
   * Load the next page, if there is one. Calls while a page is on its way
   * share that page; after an error, this retries the failed page.
   */
  loadMore(): Promise<void> {
    if (this._pending) {
      return this._pending;
    }
    if (!this.hasMore) {
      return Promise.resolve();
    }
    return this._load();
  }

  /**
   * Load the next page when a view shows rows near the end of what is
   * loaded (`ahead` rows before it or closer).
   *
   * @param lastVisible - the index of the last row the view shows
   */
  loadAhead(lastVisible: number, ahead: number): void {
    if (
      this.hasMore &&
      this._state === 'partial' &&
      lastVisible >= this._items.length - ahead
    ) {
      void this.loadMore();
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._generation++;
    Signal.clearData(this);
  }

  private _load(): Promise<void> {
    const fetcher = this._fetcher!;
    const generation = this._generation;
    const cursor = this._cursor;
    this._state = 'loading';
    this._error = null;
    this._emit();
    const pending = fetcher(this._started ? cursor : null)
      .then(page => {
        if (generation !== this._generation) {
          return;
        }
        for (const item of page.items) {
          this._items.push(item);
        }
        this._started = true;
        this._cursor = page.next_cursor ?? null;
        this._state = this._cursor === null ? 'complete' : 'partial';
      })
      .catch(error => {
        if (generation !== this._generation) {
          return;
        }
        this._error = error;
        this._state = 'error';
      })
      .finally(() => {
        if (generation !== this._generation) {
          return;
        }
        this._pending = null;
        this._emit();
      });
    this._pending = pending;
    return pending;
  }

  private _emit(): void {
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  private _changed = new Signal<this, void>(this);
  private _cursor: string | null = null;
  private _error: unknown = null;
  private _fetcher: PageFetcher<T> | null = null;
  private _generation = 0;
  private _isDisposed = false;
  private _items: T[] = [];
  private _pending: Promise<void> | null = null;
  private _started = false;
  private _state: PagedListState = 'empty';
}
