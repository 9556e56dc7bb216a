/**
 * The parts every list of the panel shows around its rows: the search box
 * above, the summary line (count, loading, error and its action) and the
 * pager below. The workflow list, the DID search and a workflow's
 * workspace are built from them.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { Button, InputGroup } from '@jupyterlab/ui-components';
import * as React from 'react';

import { NumberedPagesModel } from './numberedpages';

/**
 * The properties of `SearchField`.
 */
export interface ISearchFieldProps {
  /** The visible label. */
  label: string;
  /** The accessible name of the box (the label when not given). */
  ariaLabel?: string;
  placeholder: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  /** More classes of the field, after `vre-Field`. */
  className?: string;
}

/**
 * A labelled search box.
 */
export function SearchField(props: ISearchFieldProps): React.ReactElement {
  return (
    <label
      className={props.className ? `vre-Field ${props.className}` : 'vre-Field'}
    >
      <span className="vre-Field-label">{props.label}</span>
      <InputGroup
        type="search"
        data-testid={props.testId}
        aria-label={props.ariaLabel ?? props.label}
        placeholder={props.placeholder}
        value={props.value}
        onChange={event => props.onChange(event.currentTarget.value)}
      />
    </label>
  );
}

/**
 * The properties of `SummaryLine`.
 */
export interface ISummaryLineProps {
  /** `error` makes the line an alert; anything else a status. */
  kind: 'info' | 'error';
  text: string;
  testId: string;
  /** The list's state, as `data-state`. */
  state: string;
  /** More `data-*` attributes (counts the tests read). */
  data?: Record<string, string | number>;
  /** Whether the text has its own tooltip (when it may be cut). */
  textTitle?: boolean;
  /** The actions after the text (retry, load more, sort, refresh). */
  children?: React.ReactNode;
}

/**
 * The one line saying how a list stands.
 */
export function SummaryLine(props: ISummaryLineProps): React.ReactElement {
  const data: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(props.data ?? {})) {
    data[`data-${key}`] = value;
  }
  return (
    <div
      className={`vre-ResultsSummary vre-mod-${props.kind}`}
      data-testid={props.testId}
      data-state={props.state}
      {...data}
      role={props.kind === 'error' ? 'alert' : 'status'}
    >
      <span
        className="vre-ResultsSummary-text"
        title={props.textTitle ? props.text : undefined}
      >
        {props.text}
      </span>
      {props.children}
    </div>
  );
}

/**
 * What a numbered list's summary says in each state.
 */
export interface IPagesTexts {
  /** While nothing is asked for (`empty`); nothing by default. */
  none?: string;
  /** While the page is on its way. */
  loading: string;
  /** When nothing matches. */
  nothing: string;
  /** How many there are (by default "first–last of total"). */
  count?: (total: number) => string;
}

/**
 * The kind and text of a numbered list's summary line.
 */
export function pagesSummary(
  model: NumberedPagesModel<unknown>,
  texts: IPagesTexts,
  trans: TranslationBundle
): { kind: 'info' | 'error'; text: string } {
  switch (model.state) {
    case 'empty':
      return { kind: 'info', text: texts.none ?? '' };
    case 'loading':
      return { kind: 'info', text: texts.loading };
    case 'error':
      return { kind: 'error', text: model.error };
  }
  if (model.total === 0) {
    return { kind: 'info', text: texts.nothing };
  }
  if (texts.count) {
    return { kind: 'info', text: texts.count(model.total) };
  }
  const first = (model.page - 1) * model.pageSize + 1;
  const last = first + model.items.length - 1;
  return {
    kind: 'info',
    text: trans.__('%1–%2 of %3', first, last, model.total)
  };
}

/**
 * What `Pager` needs of a numbered list.
 */
export interface IPagerModel {
  readonly page: number;
  readonly pageCount: number;
}

/**
 * The properties of `Pager`.
 */
export interface IPagerProps {
  model: IPagerModel;
  /** Go to another page (from 1). */
  onGoTo: (page: number) => void;
  /** The accessible name of the pager: what is paged. */
  label: string;
  /** The prefix of the test ids (`-previous`, `-page`, `-next`), if any. */
  testId?: string;
  /** Whether a page is on its way: the buttons wait for it. */
  busy?: boolean;
  trans: TranslationBundle;
}

/**
 * Previous, "Page N of M", Next; nothing when there is one page.
 */
export function Pager(props: IPagerProps): React.ReactElement | null {
  const { model, trans, testId } = props;
  if (model.pageCount <= 1) {
    return null;
  }
  return (
    <nav className="vre-Pager" aria-label={props.label}>
      <Button
        small
        minimal
        data-testid={testId && `${testId}-previous`}
        disabled={model.page <= 1 || props.busy}
        onClick={() => props.onGoTo(model.page - 1)}
      >
        {trans.__('‹ Previous')}
      </Button>
      <span className="vre-Pager-text" data-testid={testId && `${testId}-page`}>
        {trans.__('Page %1 of %2', model.page, model.pageCount)}
      </span>
      <Button
        small
        minimal
        data-testid={testId && `${testId}-next`}
        disabled={model.page >= model.pageCount || props.busy}
        onClick={() => props.onGoTo(model.page + 1)}
      >
        {trans.__('Next ›')}
      </Button>
    </nav>
  );
}
