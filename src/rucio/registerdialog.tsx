/**
 * The "Register outputs in Rucio" dialog.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { InputGroup, ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { DestinationFields, DestinationStatus } from './destinationfields';
import { RegisterModel } from './registermodel';

/**
 * The body of the registration dialog, showing a `RegisterModel`.
 */
export class RegisterBody extends ReactWidget {
  constructor(model: RegisterModel, trans: TranslationBundle) {
    super();
    this._model = model;
    this._trans = trans;
    this.addClass('vre-UploadDialog');
  }

  protected render(): React.ReactElement {
    const model = this._model;
    const trans = this._trans;
    return (
      <UseSignal signal={model.changed}>
        {() => (
          <div data-testid="vre-rucio-register">
            <fieldset className="vre-Field">
              <legend className="vre-Field-label">{trans.__('Outputs')}</legend>
              {model.run.outputs.length === 0 && (
                <p className="vre-Message">
                  {trans.__('The specification declares no outputs.')}
                </p>
              )}
              {model.run.outputs.map(output => (
                <label key={output} className="vre-Checkbox">
                  <input
                    type="checkbox"
                    data-testid="vre-rucio-register-output"
                    checked={model.isChosen(output)}
                    onChange={event =>
                      model.toggle(output, event.currentTarget.checked)
                    }
                  />
                  <code>{output}</code>
                </label>
              ))}
            </fieldset>
            <DestinationFields
              destination={model.destination}
              testid="vre-rucio-register"
              trans={trans}
            />
            <label className="vre-Field">
              <span className="vre-Field-label">{trans.__('Dataset')}</span>
              <InputGroup
                data-testid="vre-rucio-register-dataset"
                value={model.dataset}
                placeholder={trans.__('SCOPE:NAME; created if missing')}
                onChange={event => {
                  model.dataset = event.currentTarget.value;
                }}
              />
            </label>
            <p className="vre-Message">
              {trans.__(
                'Each file becomes %1/PATH; the dataset and the new files get metadata naming %2 (campaign, run_number, version, prod_step, stream_name).',
                model.dataset.split(':').pop() ?? '',
                model.label
              )}
            </p>
            <DestinationStatus
              destination={model.destination}
              testid="vre-rucio-register"
              trans={trans}
              problem={model.problem}
            />
          </div>
        )}
      </UseSignal>
    );
  }

  private _model: RegisterModel;
  private _trans: TranslationBundle;
}

/**
 * Show the registration dialog until the form is complete or the user
 * cancels.
 *
 * @returns whether the user asked to register (with a complete form)
 */
export async function askRegister(
  model: RegisterModel,
  trans: TranslationBundle
): Promise<boolean> {
  void model.destination.load();
  for (;;) {
    const result = await showDialog({
      title: trans.__('Register outputs of %1 in Rucio', model.label),
      body: new RegisterBody(model, trans),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.okButton({ label: trans.__('Register') })
      ]
    });
    if (!result.button.accept) {
      return false;
    }
    if (model.problem === null && !model.destination.loading) {
      return true;
    }
  }
}
