/**
 * The records of the Publish section: My uploads (the user's drafts and
 * records, with their actions) and Search (public records and
 * communities), each record with its files to download.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { Button, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { NumberedPagesModel } from '../components/numberedpages';
import { SearchDoiHeading, searchEmptyText } from './doiview';
import { HitsPager, HitsSearch, HitsSummary } from './hitsview';
import { PublishModel } from './model';
import { IRecordActions, RecordRow } from './recordrow';
import { ICommunity, IRecordSummary } from './types';

// The plugin names the actions from here.
export type { IRecordActions } from './recordrow';

export interface IRecordsViewProps {
  model: PublishModel;
  actions: IRecordActions;
  trans: TranslationBundle;
}

/**
 * My uploads.
 */
export function MyUploadsView(props: IRecordsViewProps): React.ReactElement {
  const { model, trans } = props;
  const list = model.uploads;
  return (
    <UseSignal signal={list.changed}>
      {() => (
        <div className="vre-PublishRecords" data-testid="vre-publish-uploads">
          <HitsSearch
            model={list}
            trans={trans}
            testid="vre-publish-uploads"
            label={trans.__('Search my uploads')}
            placeholder={trans.__('Title, creator, keyword…')}
          />
          <HitsSummary
            model={list}
            trans={trans}
            testid="vre-publish-uploads"
            emptyText={trans.__(
              'Nothing uploaded yet. Right-click files and choose Publish….'
            )}
          />
          <RecordList {...props} records={list.items} mine />
          <HitsPager model={list} trans={trans} testid="vre-publish-uploads" />
        </div>
      )}
    </UseSignal>
  );
}

/**
 * Search: public records, or communities.
 */
export function SearchView(props: IRecordsViewProps): React.ReactElement {
  const { model, trans } = props;
  const records = model.searchKind === 'records';
  const list: NumberedPagesModel<unknown> = records
    ? model.records
    : model.communities;
  const testid = records ? 'vre-publish-search' : 'vre-publish-communities';
  return (
    <UseSignal signal={list.changed}>
      {() => (
        <div className="vre-PublishRecords" data-testid={testid}>
          <div className="vre-SearchForm-row">
            <HitsSearch
              model={list}
              trans={trans}
              testid={testid}
              label={
                records
                  ? trans.__('Search records')
                  : trans.__('Search communities')
              }
              placeholder={
                records
                  ? trans.__('Words to look for, or a DOI')
                  : trans.__('Words to look for')
              }
            />
            <div
              className="vre-Tabs vre-PublishSearch-kind"
              role="radiogroup"
              aria-label={trans.__('Look for')}
            >
              {(['records', 'communities'] as const).map(kind => (
                <Button
                  key={kind}
                  minimal
                  small
                  role="radio"
                  aria-checked={model.searchKind === kind}
                  className={`vre-Tabs-tab ${
                    model.searchKind === kind ? 'vre-mod-selected' : ''
                  }`}
                  data-testid={`vre-publish-search-${kind}`}
                  title={
                    kind === 'records'
                      ? trans.__('Search public records')
                      : trans.__('Search communities')
                  }
                  onClick={() => {
                    model.searchKind = kind;
                  }}
                >
                  {kind === 'records'
                    ? trans.__('Records')
                    : trans.__('Communities')}
                </Button>
              ))}
            </div>
          </div>
          <HitsSummary
            model={list}
            trans={trans}
            testid={testid}
            emptyText={
              records
                ? searchEmptyText(model, trans)
                : trans.__('Nothing matches.')
            }
          />
          {records && <SearchDoiHeading model={model} trans={trans} />}
          {records ? (
            <RecordList {...props} records={model.records.items} mine={false} />
          ) : (
            <CommunityList
              communities={model.communities.items}
              trans={trans}
            />
          )}
          <HitsPager model={list} trans={trans} testid={testid} />
        </div>
      )}
    </UseSignal>
  );
}

function RecordList(
  props: IRecordsViewProps & {
    records: readonly IRecordSummary[];
    mine: boolean;
  }
): React.ReactElement | null {
  if (props.records.length === 0) {
    return null;
  }
  return (
    <ul className="vre-RecordList" aria-label={props.trans.__('Records')}>
      {props.records.map(record => (
        <RecordRow key={record.id} {...props} record={record} />
      ))}
    </ul>
  );
}

function CommunityList(props: {
  communities: readonly ICommunity[];
  trans: TranslationBundle;
}): React.ReactElement | null {
  const { communities, trans } = props;
  if (communities.length === 0) {
    return null;
  }
  return (
    <ul className="vre-RecordList" aria-label={trans.__('Communities')}>
      {communities.map(community => (
        <li
          key={community.id}
          className="vre-RecordRow"
          data-id={community.id}
          aria-label={community.title || community.slug}
        >
          <div className="vre-RecordRow-line">
            <span className="vre-RecordRow-title" title={community.slug}>
              {community.title || community.slug}
            </span>
          </div>
          {community.description && (
            <div className="vre-RecordRow-details">{community.description}</div>
          )}
          {community.html && (
            <div className="vre-RecordRow-actions">
              <a
                className="vre-RecordRow-link"
                href={community.html}
                target="_blank"
                rel="noopener noreferrer"
                title={trans.__('Open the community in the repository')}
              >
                {trans.__('Open in repository')}
              </a>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
