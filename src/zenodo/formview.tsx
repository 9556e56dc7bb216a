/**
 * The publish form: where it goes, which files, the metadata (checked as
 * you type), and the upload with its progress, up to the DOI.
 */
import { Button, HTMLSelect, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { formatBytes } from '../components/format';
import { EntitiesEditor } from './entitiesview';
import {
  AccessField,
  CommunitiesField,
  RelatedIdentifiers
} from './extrafields';
import {
  DescriptionField,
  IFormPartProps,
  KeywordsField,
  TitleField,
  TypeDateLicenseFields
} from './metadatafields';
import { ExportedView, PublishedView } from './resultview';
import { IFieldError } from './types';
import { uploadResult } from './uploadjobs';

/**
 * What the form asks the lab to do.
 */
export interface IFormActions {
  /** Show a path in the file browser. */
  reveal(path: string): void;
}

export interface IPublishFormViewProps extends IFormPartProps {
  actions: IFormActions;
}

export function PublishFormView(
  props: IPublishFormViewProps
): React.ReactElement {
  const { model, trans } = props;
  return (
    <UseSignal signal={model.changed}>
      {() =>
        model.phase === 'loading' ? (
          <p className="vre-Message" role="status">
            {trans.__('Preparing the form…')}
          </p>
        ) : (
          <form
            className="vre-PublishForm"
            data-testid="vre-publish-form"
            data-phase={model.phase}
            aria-label={trans.__('Publish %1', model.label)}
            onSubmit={event => {
              event.preventDefault();
              void model.submit();
            }}
          >
            <Header {...props} />
            <fieldset
              className="vre-PublishForm-fields"
              disabled={model.phase !== 'editing' && model.phase !== 'failed'}
            >
              <Target {...props} />
              <Files {...props} />
              <TitleField {...props} />
              <EntitiesEditor model={model} list="creators" trans={trans} />
              <DescriptionField {...props} />
              <TypeDateLicenseFields {...props} />
              <KeywordsField {...props} />
              <EntitiesEditor model={model} list="contributors" trans={trans} />
              <RelatedIdentifiers {...props} />
              {!model.isExport && <CommunitiesField {...props} />}
              <AccessField {...props} />
            </fieldset>
            <Footer {...props} />
          </form>
        )
      }
    </UseSignal>
  );
}

function Header(props: IPublishFormViewProps): React.ReactElement {
  const { model, trans } = props;
  return (
    <header className="vre-PublishForm-header">
      <h2 className="vre-PublishForm-title">{model.label}</h2>
      {model.sources.length > 0 && (
        <p className="vre-Message" data-testid="vre-publish-sources">
          {trans.__('Prefilled from %1', model.sources.join(', '))}
        </p>
      )}
      {model.continuesDraft && (
        <p className="vre-Message">
          {trans.__('Continues draft %1.', model.continuesDraft)}
        </p>
      )}
      {model.newVersionOf && (
        <p className="vre-Message">
          {trans.__('A new version of record %1.', model.newVersionOf)}
        </p>
      )}
    </header>
  );
}

function Target(props: IPublishFormViewProps): React.ReactElement {
  const { model, trans } = props;
  const repositories = model.repositories;
  const fixed = model.continuesDraft !== null || model.newVersionOf !== null;
  return (
    <label className="vre-Field">
      <span className="vre-Field-label">{trans.__('Publish to')}</span>
      <HTMLSelect
        aria-label={trans.__('Publish to')}
        data-testid="vre-publish-target"
        disabled={fixed}
        value={model.repository}
        onChange={event => {
          model.repository = event.currentTarget.value;
        }}
        options={repositories.repositories.map(r => ({
          value: r.name,
          label: repositories.label(r.name)
        }))}
      />
    </label>
  );
}

function Files(props: IPublishFormViewProps): React.ReactElement {
  const { model, trans } = props;
  const [path, setPath] = React.useState('');
  const total = model.totalBytes;
  const add = () => {
    if (path.trim()) {
      model.setPaths([...model.paths, path]);
      setPath('');
    }
  };
  return (
    <fieldset className="vre-PublishFiles" data-testid="vre-publish-files">
      <legend>
        {total === null
          ? trans.__('Files (%1)', model.paths.length)
          : trans.__('Files (%1, %2)', model.paths.length, formatBytes(total))}
      </legend>
      {model.paths.length === 0 && !model.continuesDraft && (
        <p className="vre-Publish-fieldError" role="alert">
          {trans.__('Choose at least one file or folder.')}
        </p>
      )}
      <ul className="vre-PublishFiles-list">
        {model.paths.map(p => {
          const file = model.files.find(f => f.path === p);
          return (
            <li key={p} className="vre-PublishFiles-item" data-path={p}>
              <span className="vre-PublishFiles-name" title={p}>
                {file?.type === 'directory' ? `${p}/` : p}
              </span>
              <span className="vre-PublishFiles-size">
                {file?.type === 'directory' && file.files !== undefined
                  ? trans.__('%1 files, %2', file.files, formatBytes(file.size))
                  : formatBytes(file?.size)}
              </span>
              <Button
                small
                minimal
                aria-label={trans.__('Leave out %1', p)}
                title={trans.__('Leave out %1', p)}
                onClick={() =>
                  model.setPaths(model.paths.filter(other => other !== p))
                }
              >
                ✕
              </Button>
            </li>
          );
        })}
      </ul>
      <div className="vre-SearchForm-row">
        <label className="vre-Field">
          <span className="vre-Field-label">
            {trans.__('Add a file or folder')}
          </span>
          <input
            className="jp-mod-styled"
            aria-label={trans.__('Add a file or folder')}
            placeholder={trans.__('Path relative to the server root')}
            value={path}
            onChange={event => setPath(event.currentTarget.value)}
            onKeyDown={event => {
              if (event.key === 'Enter') {
                event.preventDefault();
                add();
              }
            }}
          />
        </label>
        <Button
          small
          className="jp-mod-styled"
          title={trans.__('Add this path to the files')}
          disabled={!path.trim()}
          onClick={add}
        >
          {trans.__('Add')}
        </Button>
      </div>
      {model.newVersionOf && (
        <label className="vre-Checkbox">
          <input
            type="checkbox"
            aria-label={trans.__('Keep the previous files')}
            checked={model.keepFiles}
            onChange={event => {
              model.keepFiles = event.currentTarget.checked;
            }}
          />
          {trans.__('Keep the previous files')}
        </label>
      )}
    </fieldset>
  );
}

/**
 * Problems of the form, each a link to its field.
 */
function ProblemList(props: {
  className: string;
  problems: readonly IFieldError[];
  trans: IPublishFormViewProps['trans'];
}): React.ReactElement {
  return (
    <ul className={props.className}>
      {props.problems.map((problem, i) => (
        <li key={i} data-field={problem.field}>
          <button
            type="button"
            className="vre-LinkButton"
            title={props.trans.__('Go to the field')}
            onClick={event => focusField(event.currentTarget, problem.field)}
          >
            {problem.message}
          </button>
        </li>
      ))}
    </ul>
  );
}

/**
 * Scroll to a field of the form (an InvenioRDM path, or the closest field
 * above it) and put the cursor in it.
 */
function focusField(from: HTMLElement, field: string): void {
  const form = from.closest('form');
  if (!form) {
    return;
  }
  const parts = field.split('.');
  for (let length = parts.length; length > 0; length--) {
    const path = parts.slice(0, length).join('.');
    const target = form.querySelector<HTMLElement>(
      `.vre-PublishForm-fields [data-field="${CSS.escape(path)}"]`
    );
    if (target) {
      target.scrollIntoView?.({ block: 'center' });
      target
        .querySelector<HTMLElement>('input, select, textarea, button')
        ?.focus();
      return;
    }
  }
}

function Footer(props: IPublishFormViewProps): React.ReactElement {
  const { model, trans } = props;
  const errors = model.errors;
  const warnings = model.warnings;
  const phase = model.phase;
  return (
    <footer className="vre-PublishForm-footer">
      {model.message && (
        <p
          className="vre-Message vre-mod-error"
          role="alert"
          data-testid="vre-publish-message"
        >
          {model.message}
        </p>
      )}
      {(phase === 'editing' || phase === 'failed') && (
        <div
          className="vre-PublishForm-check"
          data-testid="vre-publish-check"
          data-errors={errors.length}
          data-warnings={warnings.length}
          data-validating={model.validating ? 'true' : 'false'}
          role="status"
        >
          <p className="vre-PublishForm-checkText">
            {errors.length > 0
              ? model.isExport
                ? trans._n(
                    '%1 problem to fix before exporting:',
                    '%1 problems to fix before exporting:',
                    errors.length
                  )
                : trans._n(
                    '%1 problem to fix before uploading:',
                    '%1 problems to fix before uploading:',
                    errors.length
                  )
              : model.validating
                ? trans.__('Checking…')
                : trans.__('Ready.')}
            {model.serverProblem && (
              <span className="vre-Message">
                {' '}
                {trans.__(
                  'The server could not check the metadata (%1); it checks again on upload.',
                  model.serverProblem
                )}
              </span>
            )}
          </p>
          {errors.length > 0 && (
            <ProblemList
              className="vre-PublishForm-errors"
              problems={errors}
              trans={trans}
            />
          )}
          {warnings.length > 0 && (
            <>
              <p className="vre-PublishForm-checkText">
                {trans.__('Worth a look (not required):')}
              </p>
              <ProblemList
                className="vre-PublishForm-warnings"
                problems={warnings}
                trans={trans}
              />
            </>
          )}
        </div>
      )}
      {phase === 'editing' && (
        <Button
          type="submit"
          className="jp-mod-styled jp-mod-accept"
          data-testid="vre-publish-submit"
          title={
            model.isExport
              ? trans.__('Write the files and metadata into an RO-Crate zip')
              : trans.__('Upload the files and metadata as a draft')
          }
          disabled={!model.canSubmit}
        >
          {model.isExport ? trans.__('Export RO-Crate') : trans.__('Upload')}
        </Button>
      )}
      {phase === 'uploading' && <Progress {...props} />}
      {phase === 'failed' && (
        <div className="vre-PublishForm-actions">
          <Button
            className="jp-mod-styled jp-mod-accept"
            title={trans.__('Continue the upload into the same draft')}
            onClick={() => void model.resume()}
          >
            {trans.__('Resume')}
          </Button>
          {model.draft && (
            <Button
              className="jp-mod-styled jp-mod-warn"
              title={trans.__('Delete the draft from the repository')}
              onClick={() => void model.discard()}
            >
              {trans.__('Discard draft')}
            </Button>
          )}
        </div>
      )}
      {phase === 'uploaded' && (
        <div className="vre-PublishForm-actions">
          <p className="vre-Message vre-mod-ok">
            {trans.__(
              'Uploaded as a draft. It waits in My uploads until you publish it.'
            )}
          </p>
          <Button
            className="jp-mod-styled jp-mod-accept"
            data-testid="vre-publish-publish"
            title={trans.__('Publish the draft and get its DOI')}
            onClick={() => void model.publish()}
          >
            {trans.__('Publish…')}
          </Button>
          {model.job && uploadResult(model.job).html && (
            <a
              className="vre-RecordRow-link"
              href={uploadResult(model.job).html ?? undefined}
              target="_blank"
              rel="noopener noreferrer"
              title={trans.__('Open the draft in the repository')}
            >
              {trans.__('Open the draft')}
            </a>
          )}
        </div>
      )}
      {phase === 'done' && model.published && (
        <PublishedView
          published={model.published}
          repository={model.repository}
          trans={trans}
        />
      )}
      {phase === 'done' && model.exportedPath && (
        <ExportedView
          path={model.exportedPath}
          trans={trans}
          reveal={props.actions.reveal}
        />
      )}
    </footer>
  );
}

function Progress(props: IPublishFormViewProps): React.ReactElement {
  const { model, trans } = props;
  const job = model.job;
  const progress = job?.progress ?? null;
  return (
    <div
      className="vre-Progress vre-PublishForm-progress"
      data-testid="vre-publish-progress"
      role="progressbar"
      aria-label={trans.__('Upload progress')}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={progress === null ? undefined : Math.round(progress * 100)}
    >
      <div className="vre-Progress-track">
        <div
          className="vre-Progress-bar"
          style={{ width: `${Math.round((progress ?? 0) * 100)}%` }}
        />
      </div>
      <span className="vre-Progress-text">
        {job?.message ||
          (model.isExport
            ? trans.__('Exporting…')
            : trans.__('Starting the upload…'))}
      </span>
    </div>
  );
}
