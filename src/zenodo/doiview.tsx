/**
 * The record search when the text searched for is a DOI: which record the
 * DOI names, or that the repository has none.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { PublishModel } from './model';

/**
 * The DOI the page shown was looked up by; null for words, or while the
 * page is not there yet.
 */
function shownDoi(model: PublishModel): string | null {
  return model.records.state === 'ready' ? model.searchedDoi : null;
}

/**
 * What the record search says when nothing is found.
 */
export function searchEmptyText(
  model: PublishModel,
  trans: TranslationBundle
): string {
  const doi = shownDoi(model);
  if (!doi) {
    return trans.__('Nothing matches.');
  }
  return trans.__(
    'No record with DOI %1 in %2.',
    doi,
    model.repositories.label(model.repository)
  );
}

/**
 * The line above the records a DOI found: the record it names, or (a
 * concept DOI, shared by all versions) the latest version of the record.
 */
export function SearchDoiHeading(props: {
  model: PublishModel;
  trans: TranslationBundle;
}): React.ReactElement | null {
  const { model, trans } = props;
  const doi = shownDoi(model);
  const found = model.records.items;
  if (!doi || found.length === 0) {
    return null;
  }
  const named = found.some(
    record => record.doi?.toLowerCase() === doi.toLowerCase()
  );
  return (
    <p
      className="vre-Message vre-PublishSearch-doi"
      data-testid="vre-publish-search-doi"
      data-doi={doi}
    >
      {named
        ? trans.__('Record with DOI %1', doi)
        : trans.__('Latest version of the record with the concept DOI %1', doi)}
    </p>
  );
}
