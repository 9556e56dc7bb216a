/**
 * The result of validating a reana.yaml: a one-line verdict and the errors
 * and warnings with their line and column; clicking one opens the file in
 * the editor there.
 */
import { Dialog } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IValidation, IValidationIssue } from './types';

/**
 * Open the file at a 1-based line and column (in the lab: the editor).
 */
export type RevealIssue = (issue: IValidationIssue) => void;

/**
 * The file an issue of the reana.yaml at `path` is in: the reana.yaml, or a
 * workflow file it names (relative to its folder).
 */
export function issuePath(path: string, issue: IValidationIssue): string {
  return issue.file ? PathExt.join(PathExt.dirname(path), issue.file) : path;
}

/**
 * The properties of `ValidationView`.
 */
export interface IValidationViewProps {
  validation: IValidation;
  trans: TranslationBundle;
  /** Open the file where an issue is; null: the issues are not links. */
  onReveal: RevealIssue | null;
}

/**
 * The verdict in one line.
 */
export function validationSummary(
  validation: IValidation,
  trans: TranslationBundle
): string {
  const errors = validation.issues.filter(i => i.severity === 'error').length;
  const warnings = validation.issues.length - errors;
  if (errors > 0 || !validation.valid) {
    const errorText = trans._n('%1 error', '%1 errors', Math.max(errors, 1));
    // Valid for REANA, but what a run needs is missing here.
    if (
      validation.issues.every(i => i.severity !== 'error' || i.run_only) &&
      errors > 0
    ) {
      return warnings
        ? trans.__(
            'Cannot run yet: %1, %2.',
            errorText,
            trans._n('%1 warning', '%1 warnings', warnings)
          )
        : trans.__('Cannot run yet: %1.', errorText);
    }
    return warnings
      ? trans.__(
          'Not valid: %1, %2.',
          errorText,
          trans._n('%1 warning', '%1 warnings', warnings)
        )
      : trans.__('Not valid: %1.', errorText);
  }
  return warnings
    ? trans._n('Valid, with %1 warning.', 'Valid, with %1 warnings.', warnings)
    : trans.__('Valid.');
}

/**
 * The verdict and the issues.
 */
export function ValidationView(
  props: IValidationViewProps
): React.ReactElement {
  const { validation, trans, onReveal } = props;
  const errors = validation.issues.some(i => i.severity === 'error');
  const state = errors || !validation.valid ? 'invalid' : 'valid';
  return (
    <div
      className={`vre-Validation vre-mod-${state}`}
      data-testid="vre-reana-validation"
      data-state={state}
    >
      <p
        className={`vre-Message ${state === 'valid' ? 'vre-mod-ok' : 'vre-mod-error'}`}
        role={state === 'valid' ? 'status' : 'alert'}
      >
        {validationSummary(validation, trans)}
        {validation.workflow_type
          ? ` ${trans.__('Workflow engine: %1.', validation.workflow_type)}`
          : ''}
      </p>
      {validation.issues.length > 0 && (
        <ul className="vre-IssueList" aria-label={trans.__('Problems')}>
          {validation.issues.map((issue, index) => (
            <li key={index} className="vre-IssueList-item">
              <IssueLine issue={issue} trans={trans} onReveal={onReveal} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function IssueLine(props: {
  issue: IValidationIssue;
  trans: TranslationBundle;
  onReveal: RevealIssue | null;
}): React.ReactElement {
  const { issue, trans, onReveal } = props;
  const line =
    issue.line !== null && issue.line !== undefined
      ? issue.column
        ? trans.__('line %1, column %2', issue.line, issue.column)
        : trans.__('line %1', issue.line)
      : '';
  const where = [issue.file ?? '', line].filter(Boolean).join(', ');
  const content = (
    <>
      <span
        className={`vre-Issue-severity vre-mod-${issue.severity}`}
        data-severity={issue.severity}
      >
        {issue.severity === 'error' ? trans.__('error') : trans.__('warning')}
      </span>
      {where && <span className="vre-Issue-where">{where}</span>}
      <span className="vre-Issue-message">{issue.message}</span>
      {issue.key && (
        <code className="vre-Issue-key" title={issue.key}>
          {issue.key}
        </code>
      )}
    </>
  );
  if (!onReveal) {
    return (
      <div className="vre-Issue" data-severity={issue.severity}>
        {content}
      </div>
    );
  }
  return (
    <button
      type="button"
      className="vre-Issue vre-mod-link"
      data-severity={issue.severity}
      data-line={issue.line ?? ''}
      data-file={issue.file ?? ''}
      title={
        where
          ? trans.__('Open the file at %1', where)
          : trans.__('Open the file')
      }
      onClick={() => onReveal(issue)}
    >
      {content}
    </button>
  );
}

/**
 * The validation of a file, as a dialog body.
 */
class ValidationBody extends ReactWidget {
  constructor(props: IValidationViewProps & { path: string }) {
    super();
    this._props = props;
    this.addClass('vre-ValidationDialog');
  }

  protected render(): React.ReactElement {
    const { path, trans } = this._props;
    return (
      <div>
        <p className="vre-Message vre-ValidationDialog-path">
          <code>{path}</code>
        </p>
        <ValidationView
          validation={this._props.validation}
          trans={trans}
          onReveal={this._props.onReveal}
        />
      </div>
    );
  }

  private _props: IValidationViewProps & { path: string };
}

/**
 * Show a validation in a dialog; clicking an issue closes it and opens the
 * file there.
 *
 * @returns whether the user asked to run the workflow (only offered when
 * it is valid)
 */
export async function showValidation(options: {
  path: string;
  validation: IValidation;
  trans: TranslationBundle;
  reveal: RevealIssue;
}): Promise<boolean> {
  const { path, validation, trans } = options;
  const valid =
    validation.valid && !validation.issues.some(i => i.severity === 'error');
  const buttons = [Dialog.cancelButton({ label: trans.__('Close') })];
  if (valid) {
    buttons.push(Dialog.okButton({ label: trans.__('Run…') }));
  }
  const dialog = new Dialog({
    title: trans.__('Validation of %1', path),
    body: new ValidationBody({
      path,
      validation,
      trans,
      onReveal: issue => {
        dialog.reject();
        options.reveal(issue);
      }
    }),
    buttons
  });
  const result = await dialog.launch();
  return valid && result.button.accept;
}
