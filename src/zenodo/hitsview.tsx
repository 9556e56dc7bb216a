/**
 * The parts every paged list of the Publish section shows: the search
 * box, the summary line (count, loading, error with Retry) and the pager,
 * built from the panel's list header.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import {
  Pager,
  pagesSummary,
  SearchField,
  SummaryLine
} from '../components/listheader';
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
    <SearchField
      label={props.label}
      placeholder={props.placeholder}
      testId={`${props.testid}-search`}
      value={model.query}
      onChange={value => (model.query = value)}
    />
  );
}

export function HitsSummary(
  props: IHitsPartProps & { emptyText: string }
): React.ReactElement | null {
  const { model, trans } = props;
  if (model.state === 'empty') {
    return null;
  }
  const { kind, text } = pagesSummary(
    model,
    { loading: trans.__('Loading…'), nothing: props.emptyText },
    trans
  );
  return (
    <SummaryLine
      kind={kind}
      text={text}
      textTitle
      testId={`${props.testid}-summary`}
      state={model.state}
      data={{ total: model.total }}
    >
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
    </SummaryLine>
  );
}

export function HitsPager(props: IHitsPartProps): React.ReactElement | null {
  const { model, trans } = props;
  return (
    <Pager
      model={model}
      onGoTo={page => void model.goTo(page)}
      busy={model.loading}
      label={trans.__('Pages')}
      testId={props.testid}
      trans={trans}
    />
  );
}
