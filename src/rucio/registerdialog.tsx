/**
 * The "Register outputs in Rucio" dialog.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { askDestinationForm, DestinationFormBody } from './destinationdialog';
import { FormField } from './formfields';
import { RegisterModel } from './registermodel';

/**
 * The body of the registration dialog, showing a `RegisterModel`.
 */
export class RegisterBody extends DestinationFormBody<RegisterModel> {
  constructor(model: RegisterModel, trans: TranslationBundle) {
    super(model, trans, 'vre-rucio-register');
  }

  protected renderFields(destination: React.ReactNode): React.ReactNode {
    const { model, trans } = this;
    return (
      <>
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
        {destination}
        <FormField
          label={trans.__('Dataset')}
          testid="vre-rucio-register-dataset"
          value={model.dataset}
          placeholder={trans.__('SCOPE:NAME; created if missing')}
          onChange={dataset => (model.dataset = dataset)}
        />
        <p className="vre-Message">
          {trans.__(
            'Each file becomes %1/PATH; the dataset and the new files get metadata naming %2 (campaign, run_number, version, prod_step, stream_name).',
            model.dataset.split(':').pop() ?? '',
            model.label
          )}
        </p>
      </>
    );
  }
}

/**
 * Show the registration dialog until the form is complete or the user
 * cancels.
 *
 * @returns whether the user asked to register (with a complete form)
 */
export function askRegister(
  model: RegisterModel,
  trans: TranslationBundle
): Promise<boolean> {
  return askDestinationForm(
    model,
    {
      title: trans.__('Register outputs of %1 in Rucio', model.label),
      body: () => new RegisterBody(model, trans),
      accept: trans.__('Register')
    },
    trans
  );
}
