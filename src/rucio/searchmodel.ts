/**
 * The DID search of the Data panel: the form's values, the scopes to choose
 * from, and the results, paged with `next_cursor` and kept here (never in a
 * view), so that a list of 100,000 DIDs stays cheap to show.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { errorMessage } from '../api';
import { Loaded, Model } from '../components/model';
import { PagedList } from '../components/pagedlist';
import { MORE_PAGE_SIZE } from './client';
import { ConnectionModel } from './connectionmodel';
import { DIDTypeFilter, IDIDSearch, IRucioDID } from './types';

/**
 * The DID types a search can ask for, in display order.
 */
export const DID_TYPE_FILTERS: readonly DIDTypeFilter[] = [
  'all',
  'file',
  'dataset',
  'container'
];

/**
 * How many rows before the end of the loaded results the next page is
 * asked for.
 */
export const LOAD_AHEAD_ROWS = 50;

/**
 * The model of the DID search.
 */
export class SearchModel extends Model {
  constructor(options: SearchModel.IOptions) {
    super();
    this.connection = options.connection;
    this.pageSize = options.pageSize ?? 100;
    this.morePageSize = options.morePageSize ?? MORE_PAGE_SIZE;
    this._trans = options.trans ?? nullTranslator.load('vre_lab');
    this.results.changed.connect(this.emitChanged, this);
    this.connection.instanceChanged.connect(this._onInstanceChanged, this);
    this.connection.changed.connect(this._onConnectionChanged, this);
  }

  /**
   * The connection the search runs on.
   */
  readonly connection: ConnectionModel;

  /**
   * The results, loaded page by page.
   */
  readonly results = new PagedList<IRucioDID>();

  /**
   * How many DIDs the first page holds (small: it comes fast).
   */
  pageSize: number;

  /**
   * How many DIDs each next page holds (large: scrolling far takes few calls).
   */
  morePageSize: number;

  /**
   * The scopes of the instance, sorted.
   */
  get scopes(): readonly string[] {
    return this._scopes.value;
  }

  /**
   * Why the scopes could not be loaded, or an empty string.
   */
  get scopesError(): string {
    return this._scopes.error;
  }

  get scope(): string {
    return this._scope;
  }
  set scope(value: string) {
    this._scope = value;
    this.emitChanged();
  }

  /**
   * `SCOPE:PATTERN`, or a pattern in the chosen scope; `*` is a wildcard.
   */
  get query(): string {
    return this._query;
  }
  set query(value: string) {
    this._query = value;
    this.emitChanged();
  }

  get type(): DIDTypeFilter {
    return this._type;
  }
  set type(value: DIDTypeFilter) {
    this._type = value;
    this.emitChanged();
  }

  /**
   * A metadata filter, e.g. `run_number>190000,stream_name=DoubleMuon`.
   */
  get filter(): string {
    return this._filter;
  }
  set filter(value: string) {
    this._filter = value;
    this.emitChanged();
  }

  /**
   * The search whose results are shown, or null.
   */
  get lastSearch(): IDIDSearch | null {
    return this._lastSearch;
  }

  /**
   * How many searches were started (a view's key for a fresh list).
   */
  get generation(): number {
    return this._generation;
  }

  /**
   * The one-line problem with the form, or an empty string.
   */
  get formError(): string {
    return this._formError;
  }

  /**
   * The one-line error of the search, or an empty string.
   */
  get error(): string {
    return this.results.state === 'error'
      ? errorMessage(this.results.error)
      : '';
  }

  /**
   * What the search sends, from the form's values.
   */
  buildSearch(): IDIDSearch {
    const query = this._query.trim();
    const search: IDIDSearch = { query: query || '*', type: this._type };
    if (!query.includes(':') && this._scope) {
      search.scope = this._scope;
    }
    const filter = this._filter.trim();
    if (filter) {
      search.filter = filter;
    }
    return search;
  }

  /**
   * Start a new search with the form's values; the previous results go.
   */
  async search(): Promise<void> {
    const instance = this.connection.instance;
    const search = this.buildSearch();
    if (!instance) {
      return;
    }
    if (!search.scope && !search.query.includes(':')) {
      this._formError = this._trans.__(
        'Choose a scope, or write the query as SCOPE:PATTERN.'
      );
      await this.results.reset(null);
      return;
    }
    this._formError = '';
    this._lastSearch = search;
    this._generation++;
    const client = this.connection.client;
    await this.results.reset(cursor =>
      client.searchDIDs(
        instance.name,
        search,
        cursor,
        cursor ? this.morePageSize : this.pageSize
      )
    );
  }

  /**
   * Ask for the next page when the view shows rows near the end of what is
   * loaded.
   *
   * @param lastVisible - the index of the last row the view shows
   */
  onRowsVisible(lastVisible: number): void {
    this.results.loadAhead(lastVisible, LOAD_AHEAD_ROWS);
  }

  /**
   * Load the scopes of the chosen instance.
   */
  async loadScopes(): Promise<void> {
    const instance = this.connection.instance;
    if (!instance) {
      return;
    }
    this._scopesFor = instance.name;
    const loaded = await this._scopes.load(
      () => this.connection.client.scopes(instance.name),
      {
        stale: () => instance.name !== this.connection.instance?.name,
        clear: true
      }
    );
    if (loaded && !this._scopes.value.includes(this._scope)) {
      this._scope = this._scopes.value[0] ?? '';
      this.emitChanged();
    }
  }

  dispose(): void {
    if (!this.isDisposed) {
      this.results.dispose();
    }
    super.dispose();
  }

  private _onInstanceChanged(): void {
    this._scopes.reset();
    this._scopesFor = null;
    this._lastSearch = null;
    this._formError = '';
    void this.results.reset(null);
  }

  private _onConnectionChanged(): void {
    if (
      this.connection.state === 'connected' &&
      this._scopesFor !== this.connection.instance?.name
    ) {
      void this.loadScopes();
    }
  }

  private _filter = '';
  private _formError = '';
  private _generation = 0;
  private _lastSearch: IDIDSearch | null = null;
  private _query = '';
  private _scope = '';
  private _scopes = new Loaded<string[]>([], () => this.emitChanged());
  private _scopesFor: string | null = null;
  private _trans: TranslationBundle;
  private _type: DIDTypeFilter = 'all';
}

/**
 * The namespace for `SearchModel` statics.
 */
export namespace SearchModel {
  export interface IOptions {
    connection: ConnectionModel;
    /** DIDs in the first page (default 100). */
    pageSize?: number;
    /** DIDs in each next page (default MORE_PAGE_SIZE). */
    morePageSize?: number;
    trans?: TranslationBundle;
  }
}
