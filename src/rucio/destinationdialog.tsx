/**
 * The dialog of a form with a destination (upload, registration): the
 * form's own fields around the destination's, and why it cannot be sent.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

import { DestinationFields } from './destinationfields';
import { DestinationForm } from './destinationform';

/**
 * The body of the dialog: the form's fields around the destination's, then
 * "Loading RSEs and scopes…" or the form's problem.
 */
export abstract class DestinationFormBody<
  T extends DestinationForm
> extends ReactWidget {
  /**
   * @param testid - the form's test id; its fields' ids add to it
   */
  constructor(model: T, trans: TranslationBundle, testid: string) {
    super();
    this.model = model;
    this.trans = trans;
    this._testid = testid;
    this.addClass('vre-UploadDialog');
  }

  protected render(): React.ReactElement {
    const { model, trans } = this;
    const testid = this._testid;
    return (
      <UseSignal signal={model.changed}>
        {() => (
          <div data-testid={testid}>
            {this.renderFields(
              <DestinationFields
                destination={model.destination}
                testid={testid}
                trans={trans}
              />
            )}
            {this._renderStatus()}
          </div>
        )}
      </UseSignal>
    );
  }

  /**
   * The form's fields, with `destination` (its fields) where they go.
   */
  protected abstract renderFields(
    destination: React.ReactNode
  ): React.ReactNode;

  private _renderStatus(): React.ReactNode {
    const { destination, problem } = this.model;
    if (destination.loading) {
      return (
        <p className="vre-Message">
          {this.trans.__('Loading RSEs and scopes…')}
        </p>
      );
    }
    const message = destination.error || problem;
    return (
      message && (
        <p
          className="vre-Message vre-mod-error"
          data-testid={`${this._testid}-problem`}
          role="alert"
        >
          {message}
        </p>
      )
    );
  }

  protected readonly model: T;
  protected readonly trans: TranslationBundle;
  private _testid: string;
}

/**
 * Show the dialog until the form is complete or the user cancels, loading
 * the destination's choices meanwhile.
 *
 * @returns whether the user asked to send the (complete) form
 */
export async function askDestinationForm(
  model: DestinationForm,
  options: { title: string; body: () => Widget; accept: string },
  trans: TranslationBundle
): Promise<boolean> {
  void model.destination.load();
  for (;;) {
    const result = await showDialog({
      title: options.title,
      body: options.body(),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.okButton({ label: options.accept })
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
