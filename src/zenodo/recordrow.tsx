/**
 * One record of the Publish section's lists: its status, title, creators
 * and DOI, what the user can do with it, and its files to download.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import { formatBytes } from '../components/format';
import { PublishModel } from './model';
import { IRecordSummary, RecordStatus } from './types';

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

/**
 * The properties of `RecordRow`.
 */
export interface IRecordRowProps {
  model: PublishModel;
  actions: IRecordActions;
  trans: TranslationBundle;
  record: IRecordSummary;
  /** Whether the record is the user's (My uploads). */
  mine: boolean;
}

/**
 * A record's files, as the model has them.
 */
type IRecordFilesState = NonNullable<ReturnType<PublishModel['files']>>;

/**
 * One record: status, title, creators, DOI, and its actions.
 */
export function RecordRow(props: IRecordRowProps): React.ReactElement {
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
      {files && <RecordFiles {...props} files={files} />}
    </li>
  );
}

/**
 * A record's files, each to download, and what can be done with them all.
 */
function RecordFiles(
  props: IRecordRowProps & { files: IRecordFilesState }
): React.ReactElement {
  const { record, actions, files, trans } = props;
  return (
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
