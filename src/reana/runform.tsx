/**
 * The run form, in a dialog: the reana.yaml, the workflow's name, where it
 * runs, its parameters, and the validation (whose errors block the run).
 */
import { Dialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import {
  HTMLSelect,
  InputGroup,
  ReactWidget,
  UseSignal
} from '@jupyterlab/ui-components';
import * as React from 'react';

import { RucioInputsView } from './rucioinputsview';
import { RunModel } from './runmodel';
import { RevealIssue, ValidationView } from './validationview';

/**
 * The properties of `RunForm`.
 */
export interface IRunFormProps {
  model: RunModel;
  trans: TranslationBundle;
  /** Open the file where a validation issue is. */
  onReveal: RevealIssue | null;
}

/**
 * The run form.
 */
export function RunForm(props: IRunFormProps): React.ReactElement {
  const { model, trans } = props;
  return (
    <UseSignal signal={model.changed}>
      {() => (
        <div className="vre-RunForm" data-testid="vre-reana-run-form">
          <label className="vre-Field">
            <span className="vre-Field-label">{trans.__('reana.yaml')}</span>
            <InputGroup
              data-testid="vre-reana-run-path"
              aria-label={trans.__('reana.yaml path')}
              placeholder={trans.__('Path relative to the server root')}
              value={model.path}
              onChange={event => {
                model.path = event.currentTarget.value;
              }}
              onBlur={() => {
                if (!model.validation && !model.validating) {
                  void model.validate();
                }
              }}
            />
          </label>
          <div className="vre-SearchForm-row">
            <label className="vre-Field">
              <span className="vre-Field-label">{trans.__('Name')}</span>
              <InputGroup
                data-testid="vre-reana-run-name"
                aria-label={trans.__('Workflow name')}
                value={model.name}
                onChange={event => {
                  model.name = event.currentTarget.value;
                }}
              />
            </label>
            <label className="vre-Field">
              <span className="vre-Field-label">{trans.__('Run on')}</span>
              <HTMLSelect
                aria-label={trans.__('Where the workflow runs')}
                data-testid="vre-reana-run-server"
                value={model.server}
                onChange={event => {
                  model.server = event.currentTarget.value;
                }}
                options={model.servers.map(server => ({
                  value: server.name,
                  label:
                    server.kind === 'local'
                      ? server.display_name || trans.__('This machine')
                      : server.display_name || server.name
                }))}
              />
            </label>
          </div>
          <Parameters {...props} />
          <RucioInputsView
            inputs={model.rucio}
            parameters={model.parameters.map(p => p.name)}
            trans={trans}
          />
          <section className="vre-DIDView-section">
            <h4 className="vre-DIDView-heading">{trans.__('Validation')}</h4>
            {model.validating && (
              <p className="vre-Message" role="status">
                {trans.__('Validating…')}
              </p>
            )}
            {model.validationError && (
              <p className="vre-Message vre-mod-error" role="alert">
                {model.validationError}
              </p>
            )}
            {model.validation && !model.validating && (
              <ValidationView
                validation={model.validation}
                trans={trans}
                onReveal={props.onReveal}
              />
            )}
          </section>
          {model.problem && !model.validating && (
            <p
              className="vre-Message vre-mod-error"
              data-testid="vre-reana-run-problem"
            >
              {model.problem}
            </p>
          )}
        </div>
      )}
    </UseSignal>
  );
}

function Parameters(props: IRunFormProps): React.ReactElement {
  const { model, trans } = props;
  return (
    <section className="vre-DIDView-section">
      <h4 className="vre-DIDView-heading">{trans.__('Parameters')}</h4>
      {model.parameters.length === 0 ? (
        <p className="vre-Message">
          {model.validating
            ? trans.__('Reading the parameters…')
            : trans.__('The workflow has no input parameters.')}
        </p>
      ) : (
        <div className="vre-ParameterList">
          {model.parameters.map(parameter => (
            <label
              key={parameter.name}
              className="vre-Field vre-ParameterList-item"
              data-parameter={parameter.name}
            >
              <span className="vre-Field-label">
                {parameter.type === 'number'
                  ? trans.__('%1 (number)', parameter.name)
                  : parameter.name}
              </span>
              <InputGroup
                aria-label={trans.__('Parameter %1', parameter.name)}
                inputMode={parameter.type === 'number' ? 'decimal' : undefined}
                disabled={model.rucio.boundTo(parameter.name) !== null}
                value={
                  model.rucio.boundTo(parameter.name) !== null
                    ? trans.__(
                        'from Rucio: %1',
                        model.rucio.boundTo(parameter.name)
                      )
                    : parameter.value
                }
                onChange={event =>
                  model.setParameter(parameter.name, event.currentTarget.value)
                }
              />
            </label>
          ))}
        </div>
      )}
    </section>
  );
}

/**
 * The run form as a dialog body; it disables the Run button while the
 * form has a problem.
 */
class RunBody extends ReactWidget {
  constructor(props: IRunFormProps) {
    super();
    this._props = props;
    this.addClass('vre-RunDialog');
    props.model.changed.connect(this._updateButton, this);
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._props.model.changed.disconnect(this._updateButton, this);
    super.dispose();
  }

  protected onAfterAttach(msg: any): void {
    super.onAfterAttach(msg);
    this._updateButton();
  }

  protected render(): React.ReactElement {
    return <RunForm {...this._props} />;
  }

  private _updateButton(): void {
    const dialog = this.node.closest('.jp-Dialog-content');
    const button = dialog?.querySelector<HTMLButtonElement>(
      '.jp-Dialog-button.jp-mod-accept'
    );
    if (button) {
      button.disabled = !this._props.model.canRun;
    }
  }

  private _props: IRunFormProps;
}

/**
 * Show the run form until it can run or the user cancels.
 *
 * @returns whether the user asked to run (with a form that can)
 */
export async function askRun(options: {
  model: RunModel;
  trans: TranslationBundle;
  title: string;
  reveal: RevealIssue;
}): Promise<boolean> {
  const { model, trans } = options;
  if (!model.validation && !model.validating) {
    void model.validate();
  }
  for (;;) {
    let revealed = false;
    const dialog = new Dialog({
      title: options.title,
      body: new RunBody({
        model,
        trans,
        onReveal: issue => {
          revealed = true;
          dialog.reject();
          options.reveal(issue);
        }
      }),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.okButton({ label: trans.__('Run') })
      ]
    });
    const result = await dialog.launch();
    if (revealed || !result.button.accept) {
      return false;
    }
    if (model.canRun) {
      return true;
    }
  }
}
