/**
 * The search tab of the Data section: the search form, a one-line summary
 * of the results, and the results as a windowed list.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { Button, HTMLSelect } from '@jupyterlab/ui-components';
import * as React from 'react';

import { VRELabAPIError } from '../api';
import { formatBytes } from '../components/format';
import { SearchField, SummaryLine } from '../components/listheader';
import { WindowedRows } from '../components/windowedrows';
import { DID_TYPE_FILTERS, SearchModel } from './searchmodel';
import { DIDTypeFilter, IRucioDID } from './types';

/**
 * The height of a result row, in pixels (the list is windowed on it): two
 * lines, so that a long DID name shows whole at the sidebar's width.
 */
export const RESULT_ROW_HEIGHT = 38;

/**
 * How many rows the results show while a DID is open below them.
 */
export const COMPACT_RESULT_ROWS = 4.5;

/**
 * The properties of the search views.
 */
export interface ISearchViewProps {
  model: SearchModel;
  trans: TranslationBundle;
  /** Open a DID of the results. */
  onOpen: (did: IRucioDID) => void;
}

/**
 * The search form.
 */
export function SearchForm(props: ISearchViewProps): React.ReactElement {
  const { model, trans } = props;
  const scopeOptions = [
    { value: '', label: trans.__('(scope in the query)') },
    ...model.scopes.map(scope => ({ value: scope, label: scope }))
  ];
  return (
    <form
      className="vre-SearchForm"
      data-testid="vre-rucio-search"
      onSubmit={event => {
        event.preventDefault();
        void model.search();
      }}
    >
      <div className="vre-SearchForm-row">
        <label className="vre-Field vre-SearchForm-scope">
          <span className="vre-Field-label">{trans.__('Scope')}</span>
          <HTMLSelect
            aria-label={trans.__('Scope')}
            data-testid="vre-rucio-scope"
            value={model.scope}
            onChange={event => {
              model.scope = event.currentTarget.value;
            }}
            options={scopeOptions}
          />
        </label>
        <label className="vre-Field vre-SearchForm-type">
          <span className="vre-Field-label">{trans.__('Type')}</span>
          <HTMLSelect
            aria-label={trans.__('DID type')}
            data-testid="vre-rucio-type"
            value={model.type}
            onChange={event => {
              model.type = event.currentTarget.value as DIDTypeFilter;
            }}
            options={DID_TYPE_FILTERS.map(type => ({
              value: type,
              label: typeLabel(type, trans)
            }))}
          />
        </label>
      </div>
      <SearchField
        label={trans.__('Name')}
        ariaLabel={trans.__('DID name or SCOPE:PATTERN')}
        placeholder={trans.__('SCOPE:PATTERN or a pattern; * is a wildcard')}
        testId="vre-rucio-query"
        value={model.query}
        onChange={value => (model.query = value)}
      />
      <SearchField
        label={trans.__('Metadata filter')}
        placeholder={trans.__('e.g. run_number>190000,stream_name=DoubleMuon')}
        testId="vre-rucio-filter"
        value={model.filter}
        onChange={value => (model.filter = value)}
      />
      <div className="vre-SearchForm-actions">
        <Button
          type="submit"
          className="jp-mod-styled jp-mod-accept"
          data-testid="vre-rucio-search-button"
          disabled={model.connection.state !== 'connected'}
        >
          {trans.__('Search')}
        </Button>
        {model.scopesError && (
          <span className="vre-Message vre-mod-error" role="alert">
            {trans.__('Scopes: %1', model.scopesError)}
          </span>
        )}
      </div>
    </form>
  );
}

/**
 * One line saying how many results there are, and whether more are
 * available; or the search's error.
 */
export function ResultsSummary(props: ISearchViewProps): React.ReactElement {
  const { model, trans } = props;
  const results = model.results;
  const count = results.items.length;
  let text = '';
  let kind: 'info' | 'error' = 'info';
  let action: React.ReactNode = null;
  if (model.formError) {
    text = model.formError;
    kind = 'error';
  } else {
    switch (results.state) {
      case 'empty':
        text = trans.__('Search for DIDs by name, type and metadata.');
        break;
      case 'loading':
        text =
          count === 0
            ? trans.__('Searching…')
            : trans.__('%1 loaded, loading more…', count);
        break;
      case 'partial':
        text = trans.__('%1 loaded, more available', count);
        action = (
          <Button small minimal onClick={() => void results.loadMore()}>
            {trans.__('Load more')}
          </Button>
        );
        break;
      case 'complete':
        text =
          count === 0
            ? trans.__('No DIDs match %1.', describe(model))
            : trans._n('%1 result', 'All %1 results', count);
        break;
      case 'error':
        kind = 'error';
        text = model.error;
        // Asking again helps after a failing server, not after a bad query.
        if (!isClientError(results.error)) {
          action = (
            <Button small minimal onClick={() => void results.loadMore()}>
              {trans.__('Retry')}
            </Button>
          );
        }
        break;
    }
  }
  return (
    <SummaryLine
      kind={kind}
      text={text}
      textTitle
      testId="vre-rucio-count"
      state={model.formError ? 'error' : results.state}
      data={{ count }}
    >
      {action}
    </SummaryLine>
  );
}

/**
 * The results, windowed: only the rows in view are in the page.
 */
export function ResultsList(
  props: ISearchViewProps & {
    searchKey: number;
    /** The DID open below the list, if any: the list is then shorter. */
    selected?: string | null;
  }
): React.ReactElement | null {
  const { model, trans, onOpen } = props;
  const items = model.results.items;
  if (items.length === 0) {
    return null;
  }
  const selected = props.selected ?? null;
  // The scope searched in goes without saying: the names show whole.
  const scope = searchedScope(model);
  const selectedIndex =
    selected === null ? null : items.findIndex(did => did.did === selected);
  return (
    <WindowedRows
      key={props.searchKey}
      className={`vre-ResultsList ${selected !== null ? 'vre-mod-compact' : ''}`}
      testid="vre-rucio-results"
      label={trans.__('Search results')}
      count={items.length}
      rowHeight={RESULT_ROW_HEIGHT}
      height={
        selected !== null
          ? Math.min(items.length, COMPACT_RESULT_ROWS) * RESULT_ROW_HEIGHT + 2
          : undefined
      }
      scrollToIndex={
        selectedIndex !== null && selectedIndex >= 0 ? selectedIndex : null
      }
      onRowsVisible={(_, last) => model.onRowsVisible(last)}
      renderRow={index => {
        const did = items[index];
        const current = did.did === selected;
        return (
          <button
            type="button"
            className={`vre-ResultRow ${current ? 'vre-mod-selected' : ''}`}
            data-did={did.did}
            title={did.did}
            aria-current={current ? 'true' : undefined}
            onClick={() => onOpen(did)}
          >
            <span className={`vre-TypeBadge vre-mod-${did.type}`}>
              {typeLetter(did.type, trans)}
            </span>
            <span className="vre-ResultRow-name">
              {scope !== null && did.scope === scope ? did.name : did.did}
            </span>
            <span className="vre-ResultRow-size">{formatBytes(did.bytes)}</span>
          </button>
        );
      }}
    />
  );
}

/**
 * The label of a DID type filter.
 */
export function typeLabel(
  type: DIDTypeFilter,
  trans: TranslationBundle
): string {
  switch (type) {
    case 'all':
      return trans.__('all');
    case 'file':
      return trans.__('file');
    case 'dataset':
      return trans.__('dataset');
    case 'container':
      return trans.__('container');
  }
}

/**
 * The one-letter badge of a DID type.
 */
export function typeLetter(
  type: IRucioDID['type'],
  trans: TranslationBundle
): string {
  switch (type) {
    case 'file':
      return trans._p('DID type badge', 'F');
    case 'dataset':
      return trans._p('DID type badge', 'D');
    default:
      return trans._p('DID type badge', 'C');
  }
}

/**
 * The one scope the last search looked in (its scope field, or the SCOPE of
 * SCOPE:PATTERN), or null.
 */
export function searchedScope(model: SearchModel): string | null {
  const search = model.lastSearch;
  if (!search) {
    return null;
  }
  if (search.scope) {
    return search.scope;
  }
  const colon = search.query.indexOf(':');
  const scope = colon > 0 ? search.query.slice(0, colon) : '';
  return scope && !/[*?]/.test(scope) ? scope : null;
}

function isClientError(error: unknown): boolean {
  return (
    error instanceof VRELabAPIError && error.status >= 400 && error.status < 500
  );
}

function describe(model: SearchModel): string {
  const search = model.lastSearch;
  if (!search) {
    return '';
  }
  const name = search.scope ? `${search.scope}:${search.query}` : search.query;
  const parts = [name];
  if (search.type !== 'all') {
    parts.push(search.type);
  }
  if (search.filter) {
    parts.push(search.filter);
  }
  return parts.join(', ');
}
