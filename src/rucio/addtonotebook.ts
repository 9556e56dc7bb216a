/**
 * "Add to notebook": ask for a variable name and attach the DID to the
 * notebook, saying how it went in a notification.
 */
import { Notification } from '@jupyterlab/apputils';
import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';

import { errorMessage } from '../api';
import { AttachmentManager } from './attachmentmanager';
import { DIDModel } from './didmodel';
import { attachableNotebook } from './notebookadapter';
import { suggestVariableName } from './pythoncode';

/**
 * Ask for a variable and attach the DID to the notebook.
 */
export async function addToNotebook(
  did: DIDModel,
  panel: NotebookPanel,
  attachments: AttachmentManager,
  trans: TranslationBundle
): Promise<void> {
  const title = panel.title.label;
  const { askVariableName } = await import('./variabledialog');
  const variable = await askVariableName({
    value: suggestVariableName(did.did),
    did: did.did,
    notebook: title,
    trans
  });
  if (variable === null) {
    return;
  }
  const wasAvailable = did.availability?.state === 'available';
  try {
    await attachments.attach(attachableNotebook(panel, trans), {
      variable,
      did: did.did,
      instance: did.instance.name,
      mode: did.mode
    });
    Notification.success(
      trans.__('%1 in %2 now holds %3.', variable, title, did.did),
      { autoClose: 5000 }
    );
  } catch (error) {
    Notification.error(
      trans.__(
        'Could not add %1 to %2: %3',
        did.did,
        title,
        errorMessage(error)
      ),
      { autoClose: false }
    );
  }
  if (!wasAvailable && !did.isDisposed) {
    void did.load();
  }
}
