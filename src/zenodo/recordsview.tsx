/**
 * The records of the Publish section: My uploads (the user's drafts and
 * records, with their actions) and Search (public records and
 * communities), each record with its files to download.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { Button, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { formatBytes } from '../components/format';
import { NumberedPagesModel } from '../components/numberedpages';
import { SearchDoiHeading, searchEmptyText } from './doiview';
import { HitsPager, HitsSearch, HitsSummary } from './hitsview';
import { PublishModel } from './model';
import { ICommunity, IRecordSummary, RecordStatus } from './types';

/**
 * What the user can do with a record; the plugin does it.
 */
export interface IRecordActions {
  /** Open the form on a draft. */
  continueDraft(record: IRecordSummary): void;
  /** Ask, then publish a complete draft. */
  publishDraft(record: IRecordSummary): void;
  /** Ask, then discard a draft. */
  discardDraft(record: IRecordSummary): void;
  /** Open the form for a new version of a published record. */
  newVersion(record: IRecordSummary): void;
  /** Download files of a record into the workspace (all when omitted). */
  download(record: IRecordSummary, files?: string[]): void;
  /** Fetch a published record, re-run the run it records and compare. */
  reproduce(record: IRecordSummary): void;
}

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

/**
 * One record: status, title, creators, DOI, and its actions.
 */
function RecordRow(
  props: IRecordsViewProps & { record: IRecordSummary; mine: boolean }
): React.ReactElement {
  const { record, mine, actions, model, trans } = props;
  const draft = record.status !== 'published';
  const files = model.files(record.id);
  const details = [
    record.creators.slice(0, 3).join('; ') +
      (record.creators.length > 3 ? ' …' : ''),
    record.version ? trans.__('version %1', record.version) : '',
    record.publication_date ?? '',
    record.files.count
      ? trans.__(
          '%1 files, %2',
          record.files.count,
          formatBytes(record.files.size)
        )
      : ''
  ].filter(Boolean);
  return (
    <li
      className="vre-RecordRow"
      data-id={record.id}
      data-status={record.status}
      aria-label={record.title || record.id}
    >
      <div className="vre-RecordRow-line">
        <span
          className={`vre-StatusBadge vre-mod-record-${record.status}`}
          data-status={record.status}
        >
          {statusLabel(record.status, trans)}
        </span>
        <span className="vre-RecordRow-title" title={record.title}>
          {record.title || trans.__('(untitled)')}
        </span>
      </div>
      {details.length > 0 && (
        <div className="vre-RecordRow-details">{details.join(' · ')}</div>
      )}
      {record.doi && (
        <div className="vre-RecordRow-doi">
          {record.doi_url ? (
            <a
              href={record.doi_url}
              target="_blank"
              rel="noopener noreferrer"
              title={trans.__('Open the DOI')}
            >
              {record.doi}
            </a>
          ) : (
            <span title={trans.__('Reserved, registered on publishing')}>
              {record.doi}
            </span>
          )}
        </div>
      )}
      <div className="vre-RecordRow-actions">
        {mine && draft && (
          <>
            <Button
              small
              className="jp-mod-styled"
              title={trans.__('Open the form on this draft')}
              onClick={() => actions.continueDraft(record)}
            >
              {trans.__('Continue')}
            </Button>
            <Button
              small
              className="jp-mod-styled jp-mod-accept"
              title={trans.__('Publish this draft and get its DOI')}
              onClick={() => actions.publishDraft(record)}
            >
              {trans.__('Publish')}
            </Button>
            <Button
              small
              className="jp-mod-styled jp-mod-warn"
              title={trans.__('Delete this draft from the repository')}
              onClick={() => actions.discardDraft(record)}
            >
              {trans.__('Discard')}
            </Button>
          </>
        )}
        {mine && !draft && (
          <Button
            small
            className="jp-mod-styled"
            title={trans.__('Publish a new version of this record')}
            onClick={() => actions.newVersion(record)}
          >
            {trans.__('New version…')}
          </Button>
        )}
        {record.html && (
          <a
            className="vre-RecordRow-link"
            href={record.html}
            target="_blank"
            rel="noopener noreferrer"
            title={trans.__('Open the record in the repository')}
          >
            {trans.__('Open in repository')}
          </a>
        )}
        <Button
          small
          minimal
          aria-expanded={files !== null}
          title={trans.__('Show the files of this record')}
          onClick={() =>
            files
              ? model.hideFiles(record.id)
              : void model.loadFiles(record.id, mine && draft)
          }
        >
          {trans.__('Files')}
        </Button>
      </div>
      {files && (
        <div className="vre-RecordFiles" data-testid="vre-publish-files">
          {files.state === 'loading' && (
            <p className="vre-Message">{trans.__('Loading files…')}</p>
          )}
          {files.state === 'error' && (
            <p className="vre-Message vre-mod-error" role="alert">
              {files.error}
            </p>
          )}
          {files.state === 'ready' && files.files.length === 0 && (
            <p className="vre-Message">{trans.__('No files.')}</p>
          )}
          {files.files.length > 0 && (
            <>
              <ul className="vre-RecordFiles-list">
                {files.files.map(file => (
                  <li key={file.key} className="vre-RecordFiles-item">
                    <span className="vre-RecordFiles-name" title={file.key}>
                      {file.key}
                    </span>
                    <span className="vre-RecordFiles-size">
                      {formatBytes(file.size)}
                    </span>
                    <Button
                      small
                      minimal
                      title={trans.__('Download %1 into your files', file.key)}
                      aria-label={trans.__('Download %1', file.key)}
                      onClick={() => actions.download(record, [file.key])}
                    >
                      {trans.__('Download')}
                    </Button>
                  </li>
                ))}
              </ul>
              <Button
                small
                className="jp-mod-styled"
                title={trans.__(
                  'Download every file into zenodo-downloads/%1/',
                  record.id
                )}
                onClick={() => actions.download(record)}
              >
                {trans.__('Download all')}
              </Button>
              {record.status === 'published' && (
                <Button
                  small
                  className="jp-mod-styled"
                  data-testid="vre-publish-reproduce"
                  title={trans.__(
                    'Fetch the record, re-run the workflow run it records and compare its outputs'
                  )}
                  onClick={() => actions.reproduce(record)}
                >
                  {trans.__('Reproduce…')}
                </Button>
              )}
            </>
          )}
        </div>
      )}
    </li>
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

/**
 * A record status for people.
 */
export function statusLabel(
  status: RecordStatus,
  trans: TranslationBundle
): string {
  switch (status) {
    case 'published':
      return trans.__('published');
    case 'new_version_draft':
      return trans.__('new version draft');
    default:
      return trans.__('draft');
  }
}
