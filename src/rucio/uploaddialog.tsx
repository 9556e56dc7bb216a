/**
 * The "Upload to Rucio" dialog.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { askDestinationForm, DestinationFormBody } from './destinationdialog';
import { FormField } from './formfields';
import { UploadModel } from './uploadmodel';

/**
 * The body of the upload dialog, showing an `UploadModel`.
 */
export class UploadBody extends DestinationFormBody<UploadModel> {
  constructor(model: UploadModel, trans: TranslationBundle) {
    super(model, trans, 'vre-rucio-upload');
  }

  protected renderFields(destination: React.ReactNode): React.ReactNode {
    const { model, trans } = this;
    return (
      <>
        <FormField
          label={trans.__('File')}
          testid="vre-rucio-upload-path"
          value={model.path}
          placeholder={trans.__('Path relative to the server root')}
          onChange={path => (model.path = path)}
        />
        {destination}
        <FormField
          label={trans.__('Dataset (optional)')}
          testid="vre-rucio-upload-dataset"
          value={model.dataset}
          placeholder={trans.__('SCOPE:NAME or NAME; created if missing')}
          onChange={dataset => (model.dataset = dataset)}
        />
        <FormField
          label={trans.__('Lifetime in days (optional)')}
          testid="vre-rucio-upload-lifetime"
          inputMode="decimal"
          value={model.lifetimeDays}
          placeholder={trans.__('kept until deleted')}
          onChange={days => (model.lifetimeDays = days)}
        />
      </>
    );
  }
}

/**
 * Show the upload dialog until the form is complete or the user cancels.
 *
 * @returns whether the user asked to upload (with a complete form)
 */
export function askUpload(
  model: UploadModel,
  trans: TranslationBundle
): Promise<boolean> {
  return askDestinationForm(
    model,
    {
      title: trans.__('Upload to Rucio'),
      body: () => new UploadBody(model, trans),
      accept: trans.__('Upload')
    },
    trans
  );
}
