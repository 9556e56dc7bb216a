/**
 * The parts every paged list of the Publish section shows: the search
 * box, the summary line (count, loading, error with Retry) and the pager.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { Button, InputGroup } from '@jupyterlab/ui-components';
import * as React from 'react';

import { NumberedPagesModel } from '../components/numberedpages';

export interface IHitsPartProps {
  model: NumberedPagesModel<unknown>;
  trans: TranslationBundle;
  /** A stable prefix of the test ids: `vre-publish-uploads`. */
  testid: string;
}

export function HitsSearch(
  props: IHitsPartProps & { label: string; placeholder: string }
): React.ReactElement {
  const { model } = props;
  return (
    <label className="vre-Field">
      <span className="vre-Field-label">{props.label}</span>
      <InputGroup
        type="search"
        aria-label={props.label}
        data-testid={`${props.testid}-search`}
        placeholder={props.placeholder}
        value={model.query}
        onChange={event => {
          model.query = event.currentTarget.value;
        }}
      />
    </label>
  );
}

export function HitsSummary(
  props: IHitsPartProps & { emptyText: string }
): React.ReactElement | null {
  const { model, trans } = props;
  let text = '';
  let kind = 'info';
  switch (model.state) {
    case 'empty':
      return null;
    case 'loading':
      text = trans.__('Loading…');
      break;
    case 'error':
      kind = 'error';
      text = model.error;
      break;
    default:
      if (model.total === 0) {
        text = props.emptyText;
      } else {
        const first = (model.page - 1) * model.pageSize + 1;
        const last = first + model.items.length - 1;
        text = trans.__('%1–%2 of %3', first, last, model.total);
      }
  }
  return (
    <div
      className={`vre-ResultsSummary vre-mod-${kind}`}
      data-testid={`${props.testid}-summary`}
      data-state={model.state}
      data-total={model.total}
      role={kind === 'error' ? 'alert' : 'status'}
    >
      <span className="vre-ResultsSummary-text" title={text}>
        {text}
      </span>
      <Button
        small
        minimal
        title={trans.__('Refresh the list')}
        aria-label={trans.__('Refresh the list')}
        disabled={model.loading}
        onClick={() => void model.refresh()}
      >
        {model.state === 'error' ? trans.__('Retry') : trans.__('Refresh')}
      </Button>
    </div>
  );
}

export function HitsPager(props: IHitsPartProps): React.ReactElement | null {
  const { model, trans } = props;
  if (model.pageCount <= 1) {
    return null;
  }
  return (
    <nav className="vre-Pager" aria-label={trans.__('Pages')}>
      <Button
        small
        minimal
        title={trans.__('Previous page')}
        data-testid={`${props.testid}-previous`}
        disabled={model.page <= 1 || model.loading}
        onClick={() => void model.previousPage()}
      >
        {trans.__('‹ Previous')}
      </Button>
      <span className="vre-Pager-text" data-testid={`${props.testid}-page`}>
        {trans.__('Page %1 of %2', model.page, model.pageCount)}
      </span>
      <Button
        small
        minimal
        title={trans.__('Next page')}
        data-testid={`${props.testid}-next`}
        disabled={model.page >= model.pageCount || model.loading}
        onClick={() => void model.nextPage()}
      >
        {trans.__('Next ›')}
      </Button>
    </nav>
  );
}
