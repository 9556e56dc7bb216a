/**
 * The detail of one DID: availability and actions, metadata, replication
 * rules and, for a collection, its files with their replicas.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import {
  Button,
  closeIcon,
  HTMLSelect,
  UseSignal
} from '@jupyterlab/ui-components';
import * as React from 'react';

import { errorMessage } from '../api';
import { formatBytes, formatValue } from '../components/format';
import { DIDModel } from './didmodel';
import { typeLetter } from './searchview';
import { IRucioAvailability, IRucioFile, RucioMode } from './types';

/**
 * The properties of `DIDView`.
 */
export interface IDIDViewProps {
  model: DIDModel;
  trans: TranslationBundle;
  /** Close the DID, back to the search. */
  onClose: () => void;
  /** Add the DID to the active notebook; null when there is none. */
  onAddToNotebook: (() => void) | null;
  /** Offer the DID to the next workflow run; null without the Workflows section. */
  onUseInWorkflow?: (() => void) | null;
}

/**
 * The detail view of a DID.
 */
export function DIDView(props: IDIDViewProps): React.ReactElement {
  const { model, trans } = props;
  return (
    <UseSignal signal={model.changed}>
      {() => (
        <div
          className="vre-DIDView"
          data-testid="vre-rucio-did"
          data-did={model.did}
        >
          <div className="vre-DIDView-header">
            <span
              className={`vre-TypeBadge vre-mod-${model.summary.type}`}
              title={model.summary.type}
            >
              {typeLetter(model.summary.type, trans)}
            </span>
            <h3 className="vre-DIDView-title">{model.did}</h3>
            <Button
              small
              minimal
              className="vre-DIDView-close"
              data-testid="vre-rucio-back"
              aria-label={trans.__('Close %1', model.did)}
              title={trans.__('Close, back to the search')}
              onClick={props.onClose}
            >
              <closeIcon.react tag="span" elementSize="normal" />
            </Button>
          </div>
          {model.error && (
            <p className="vre-Message vre-mod-error" role="alert">
              {model.error}
            </p>
          )}
          <Actions {...props} />
          <Properties {...props} />
          <Rules {...props} />
          {model.isCollection && <Files {...props} />}
        </div>
      )}
    </UseSignal>
  );
}

function Actions(props: IDIDViewProps): React.ReactElement {
  const { model, trans } = props;
  const availability = model.availability;
  const available = availability?.state === 'available';
  return (
    <div className="vre-DIDView-actions">
      <div
        className={`vre-Availability vre-mod-${availability?.state ?? 'unknown'}`}
        data-testid="vre-rucio-availability"
        data-state={availability?.state ?? 'unknown'}
      >
        {availabilityText(availability, model.loading, trans)}
      </div>
      <div className="vre-DIDView-buttons">
        {model.modes.length > 1 && (
          <HTMLSelect
            aria-label={trans.__('How to make it available')}
            data-testid="vre-rucio-mode"
            value={model.mode}
            onChange={event => {
              model.mode = event.currentTarget.value as RucioMode;
            }}
            options={model.modes.map(mode => ({
              value: mode,
              label: modeLabel(mode, trans)
            }))}
          />
        )}
        <Button
          className="jp-mod-styled jp-mod-accept"
          data-testid="vre-rucio-make-available"
          disabled={model.makingAvailable || available}
          title={trans.__('Make this DID readable from this JupyterLab')}
          onClick={() => {
            void model.makeAvailable();
          }}
        >
          {model.makingAvailable
            ? trans.__('Making available…')
            : trans.__('Make available')}
        </Button>
        <Button
          className="jp-mod-styled"
          data-testid="vre-rucio-add-to-notebook"
          disabled={props.onAddToNotebook === null}
          title={
            props.onAddToNotebook === null
              ? trans.__('Open a notebook first')
              : trans.__('Bind this DID to a variable in the active notebook')
          }
          onClick={() => props.onAddToNotebook?.()}
        >
          {trans.__('Add to notebook')}
        </Button>
        {props.onUseInWorkflow && (
          <Button
            className="jp-mod-styled"
            data-testid="vre-rucio-use-in-workflow"
            title={trans.__(
              'Offer this DID as an input of the next workflow run'
            )}
            onClick={() => props.onUseInWorkflow?.()}
          >
            {trans.__('Use in a workflow…')}
          </Button>
        )}
      </div>
    </div>
  );
}

function Properties(props: IDIDViewProps): React.ReactElement | null {
  const { model, trans } = props;
  const detail = model.detail;
  if (!detail) {
    return model.loading ? (
      <p className="vre-Message">{trans.__('Loading…')}</p>
    ) : null;
  }
  const rows: [string, string][] = [
    [trans.__('type'), detail.type],
    [trans.__('size'), formatBytes(detail.bytes)],
    [trans.__('files'), formatValue(detail.length)],
    [trans.__('account'), formatValue(detail.account)],
    [trans.__('created'), formatValue(detail.created_at)],
    [
      trans.__('open'),
      detail.open === null ? '' : detail.open ? trans.__('yes') : trans.__('no')
    ]
  ];
  // Rucio's metadata repeats what the rows above show, under its own names.
  const metadata = Object.keys(detail.metadata ?? {})
    .filter(key => !SHOWN_ABOVE.has(key))
    .sort()
    .map(key => [key, formatValue(detail.metadata[key])] as [string, string]);
  return (
    <section className="vre-DIDView-section">
      <h4 className="vre-DIDView-heading">{trans.__('Metadata')}</h4>
      <table className="vre-KeyValue" data-testid="vre-rucio-metadata">
        <tbody>
          {[...rows, ...metadata]
            .filter(([, value]) => value !== '')
            .map(([key, value]) => (
              <tr key={key}>
                <th scope="row">{key}</th>
                <td title={value}>{value}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * The keys of Rucio's metadata that the first rows of the table show (type,
 * size, files, account, created, open), or that the title shows.
 */
const SHOWN_ABOVE = new Set([
  'scope',
  'name',
  'did_type',
  'type',
  'bytes',
  'size',
  'length',
  'files',
  'account',
  'created_at',
  'created',
  'is_open',
  'open'
]);

function Rules(props: IDIDViewProps): React.ReactElement {
  const { model, trans } = props;
  const rules = model.rules;
  return (
    <section className="vre-DIDView-section">
      <h4 className="vre-DIDView-heading">{trans.__('Replication rules')}</h4>
      {model.rulesError ? (
        <p className="vre-Message vre-mod-error" role="alert">
          {model.rulesError}
        </p>
      ) : rules === null ? (
        <p className="vre-Message">{trans.__('Loading…')}</p>
      ) : rules.length === 0 ? (
        <p className="vre-Message">{trans.__('No replication rule.')}</p>
      ) : (
        <ul className="vre-RuleList" data-testid="vre-rucio-rules">
          {rules.map(rule => (
            <li
              key={rule.id}
              className="vre-RuleList-item"
              data-state={rule.state}
            >
              <span className="vre-RuleList-rse">{rule.rse_expression}</span>
              <span className={`vre-State vre-mod-${rule.state}`}>
                {rule.state}
              </span>
              <span className="vre-RuleList-detail">
                {trans._n('%1 copy', '%1 copies', rule.copies)}
                {rule.locks_ok_cnt !== undefined &&
                  ` · ${trans.__(
                    'locks %1 ok, %2 replicating, %3 stuck',
                    rule.locks_ok_cnt ?? 0,
                    rule.locks_replicating_cnt ?? 0,
                    rule.locks_stuck_cnt ?? 0
                  )}`}
                {rule.expires_at &&
                  ` · ${trans.__('expires %1', rule.expires_at)}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Files(props: IDIDViewProps): React.ReactElement {
  const { model, trans } = props;
  const files = model.files;
  const count = files.items.length;
  let summary: string;
  switch (files.state) {
    case 'loading':
      summary = count
        ? trans.__('%1 files loaded, loading more…', count)
        : trans.__('Loading files…');
      break;
    case 'partial':
      summary = trans.__('%1 files loaded, more available', count);
      break;
    case 'error':
      summary = errorMessage(files.error);
      break;
    default:
      summary =
        count === 0
          ? trans.__('No files.')
          : trans._n('%1 file', 'All %1 files', count);
  }
  return (
    <section className="vre-DIDView-section">
      <h4 className="vre-DIDView-heading">{trans.__('Files')}</h4>
      <ul className="vre-FileList" data-testid="vre-rucio-files">
        {files.items.map(file => (
          <FileRow key={file.did} file={file} trans={trans} />
        ))}
      </ul>
      <div
        className={`vre-ResultsSummary vre-mod-${
          files.state === 'error' ? 'error' : 'info'
        }`}
        data-testid="vre-rucio-files-count"
        data-state={files.state}
        role={files.state === 'error' ? 'alert' : 'status'}
      >
        <span className="vre-ResultsSummary-text">{summary}</span>
        {(files.state === 'partial' || files.state === 'error') && (
          <Button small minimal onClick={() => void files.loadMore()}>
            {files.state === 'error'
              ? trans.__('Retry')
              : trans.__('Load more')}
          </Button>
        )}
      </div>
    </section>
  );
}

function FileRow(props: {
  file: IRucioFile;
  trans: TranslationBundle;
}): React.ReactElement {
  const { file, trans } = props;
  return (
    <li
      className="vre-FileList-item"
      data-did={file.did}
      data-available={file.available_here ? 'true' : 'false'}
    >
      <div className="vre-FileList-line">
        <span
          className={`vre-Dot ${
            file.available_here ? 'vre-mod-available' : 'vre-mod-remote'
          }`}
          title={
            file.available_here
              ? trans.__('Available here')
              : trans.__('Not available here')
          }
        />
        <span className="vre-FileList-name" title={file.did}>
          {file.name}
        </span>
        <span className="vre-FileList-size">{formatBytes(file.bytes)}</span>
      </div>
      <div className="vre-FileList-replicas">
        {file.replicas.length === 0
          ? trans.__('no replica')
          : file.replicas.map(replica => (
              <span
                key={replica.rse}
                className={`vre-Replica vre-mod-${replica.state.toLowerCase()}`}
                title={replica.state}
              >
                {replica.rse}
              </span>
            ))}
      </div>
    </li>
  );
}

function availabilityText(
  availability: IRucioAvailability | null,
  loading: boolean,
  trans: TranslationBundle
): string {
  if (!availability) {
    return loading ? trans.__('Checking availability…') : '';
  }
  const mode = modeLabel(availability.mode, trans);
  switch (availability.state) {
    case 'available':
      return trans.__('Available here (%1)', mode);
    case 'replicating':
      return trans.__('Being replicated here (%1)', mode);
    case 'stuck':
      return trans.__('Stuck: the replication rule failed (%1)', mode);
    default:
      return trans.__('Not available here yet (%1)', mode);
  }
}

/**
 * The label of a mode.
 */
export function modeLabel(mode: RucioMode, trans: TranslationBundle): string {
  return mode === 'replica' ? trans.__('replica') : trans.__('download');
}
