/**
 * The dialog asking for the variable a DID is bound to in a notebook, with
 * live feedback on the name.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { InputGroup, ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import { validateVariableName } from './pythoncode';

/**
 * The body of the dialog: a name field and what is wrong with the name.
 */
export class VariableNameBody
  extends ReactWidget
  implements Dialog.IBodyWidget<string>
{
  constructor(options: VariableNameBody.IOptions) {
    super();
    this._value = options.value;
    this._did = options.did;
    this._notebook = options.notebook;
    this._trans = options.trans;
    this.addClass('vre-VariableDialog');
  }

  getValue(): string {
    return this._value.trim();
  }

  protected render(): React.ReactElement {
    const trans = this._trans;
    const problem = validateVariableName(this._value.trim(), trans);
    return (
      <div>
        <p className="vre-Message">
          {trans.__(
            'Bind %1 to a Python variable in %2. It is bound again whenever the kernel restarts.',
            this._did,
            this._notebook
          )}
        </p>
        <label className="vre-Field">
          <span className="vre-Field-label">{trans.__('Variable name')}</span>
          <InputGroup
            className={problem ? 'vre-mod-invalid' : ''}
            data-testid="vre-rucio-variable"
            aria-invalid={problem ? 'true' : 'false'}
            aria-describedby="vre-rucio-variable-feedback"
            autoFocus
            value={this._value}
            onChange={event => {
              const input = event.currentTarget;
              this._value = input.value;
              input.setCustomValidity(
                validateVariableName(input.value.trim(), trans) ?? ''
              );
              // The dialog checked validity before this handler ran (it
              // listens in the capture phase): make it check again, so it
              // enables or disables its Add button now.
              this.node.dispatchEvent(new Event('input', { bubbles: true }));
              this.update();
            }}
          />
        </label>
        <p
          id="vre-rucio-variable-feedback"
          className={`vre-Message ${problem ? 'vre-mod-error' : 'vre-mod-ok'}`}
          data-testid="vre-rucio-variable-feedback"
          role="status"
        >
          {problem ?? trans.__('%1 is a valid name.', this._value.trim())}
        </p>
      </div>
    );
  }

  private _did: string;
  private _notebook: string;
  private _trans: TranslationBundle;
  private _value: string;
}

/**
 * The namespace for `VariableNameBody` statics.
 */
export namespace VariableNameBody {
  export interface IOptions {
    value: string;
    did: string;
    notebook: string;
    trans: TranslationBundle;
  }
}

/**
 * Ask for a variable name.
 *
 * @returns the valid name, or null when the user cancelled
 */
export async function askVariableName(
  options: VariableNameBody.IOptions
): Promise<string | null> {
  const { trans } = options;
  let value = options.value;
  for (;;) {
    const result = await showDialog({
      title: trans.__('Add to notebook'),
      body: new VariableNameBody({ ...options, value }),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.okButton({ label: trans.__('Add') })
      ],
      focusNodeSelector: 'input'
    });
    if (!result.button.accept || result.value === null) {
      return null;
    }
    value = result.value;
    if (validateVariableName(value, trans) === null) {
      return value;
    }
  }
}
