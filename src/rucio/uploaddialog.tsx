/**
 * The "Upload to Rucio" dialog.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { InputGroup, ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { DestinationFields, DestinationStatus } from './destinationfields';
import { UploadModel } from './uploadmodel';

/**
 * The body of the upload dialog, showing an `UploadModel`.
 */
export class UploadBody extends ReactWidget {
  constructor(model: UploadModel, trans: TranslationBundle) {
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
          <div data-testid="vre-rucio-upload">
            <label className="vre-Field">
              <span className="vre-Field-label">{trans.__('File')}</span>
              <InputGroup
                data-testid="vre-rucio-upload-path"
                value={model.path}
                placeholder={trans.__('Path relative to the server root')}
                onChange={event => {
                  model.path = event.currentTarget.value;
                }}
              />
            </label>
            <DestinationFields
              destination={model.destination}
              testid="vre-rucio-upload"
              trans={trans}
            />
            <label className="vre-Field">
              <span className="vre-Field-label">
                {trans.__('Dataset (optional)')}
              </span>
              <InputGroup
                data-testid="vre-rucio-upload-dataset"
                value={model.dataset}
                placeholder={trans.__('SCOPE:NAME or NAME; created if missing')}
                onChange={event => {
                  model.dataset = event.currentTarget.value;
                }}
              />
            </label>
            <label className="vre-Field">
              <span className="vre-Field-label">
                {trans.__('Lifetime in days (optional)')}
              </span>
              <InputGroup
                data-testid="vre-rucio-upload-lifetime"
                inputMode="decimal"
                value={model.lifetimeDays}
                placeholder={trans.__('kept until deleted')}
                onChange={event => {
                  model.lifetimeDays = event.currentTarget.value;
                }}
              />
            </label>
            <DestinationStatus
              destination={model.destination}
              testid="vre-rucio-upload"
              trans={trans}
              problem={model.problem}
            />
          </div>
        )}
      </UseSignal>
    );
  }

  private _model: UploadModel;
  private _trans: TranslationBundle;
}

/**
 * Show the upload dialog until the form is complete or the user cancels.
 *
 * @returns whether the user asked to upload (with a complete form)
 */
export async function askUpload(
  model: UploadModel,
  trans: TranslationBundle
): Promise<boolean> {
  void model.destination.load();
  for (;;) {
    const result = await showDialog({
      title: trans.__('Upload to Rucio'),
      body: new UploadBody(model, trans),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.okButton({ label: trans.__('Upload') })
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
