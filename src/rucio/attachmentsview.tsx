/**
 * The Notebook tab of the Data section: the DIDs attached to the active
 * notebook, with their state, and removing one.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { Button, closeIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import {
  AttachmentManager,
  AttachmentState,
  IAttachableNotebook
} from './attachmentmanager';

/**
 * The properties of `AttachmentsView`.
 */
export interface IAttachmentsViewProps {
  manager: AttachmentManager;
  notebook: IAttachableNotebook | null;
  trans: TranslationBundle;
}

/**
 * The attachments of the active notebook.
 */
export function AttachmentsView(
  props: IAttachmentsViewProps
): React.ReactElement {
  const { manager, notebook, trans } = props;
  if (!notebook) {
    return (
      <p className="vre-Message" data-testid="vre-rucio-attachments">
        {trans.__('Open a notebook to see the data attached to it.')}
      </p>
    );
  }
  const statuses = manager.statuses(notebook);
  return (
    <div className="vre-Attachments" data-testid="vre-rucio-attachments">
      <p className="vre-Message">
        {statuses.length === 0
          ? trans.__(
              'No data attached to %1. Open a DID and click "Add to notebook".',
              notebook.title
            )
          : trans.__('Data attached to %1:', notebook.title)}
      </p>
      <ul className="vre-AttachmentList">
        {statuses.map(status => (
          <li
            key={status.attachment.variable}
            className="vre-AttachmentList-item"
            data-variable={status.attachment.variable}
            data-state={status.state}
          >
            <div className="vre-AttachmentList-line">
              <code className="vre-AttachmentList-variable">
                {status.attachment.variable}
              </code>
              <span
                className="vre-AttachmentList-did"
                title={`${status.attachment.did} (${status.attachment.instance}, ${status.attachment.mode})`}
              >
                {status.attachment.did}
              </span>
              <Button
                small
                minimal
                title={trans.__(
                  'Remove %1 from the notebook',
                  status.attachment.variable
                )}
                aria-label={trans.__(
                  'Remove %1 from the notebook',
                  status.attachment.variable
                )}
                onClick={() =>
                  manager.remove(notebook, status.attachment.variable)
                }
              >
                <closeIcon.react tag="span" />
              </Button>
            </div>
            <div
              className={`vre-State vre-mod-${status.state}`}
              role={status.state === 'failed' ? 'alert' : undefined}
            >
              {stateText(status.state, trans)}
              {status.message && `: ${status.message}`}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

function stateText(state: AttachmentState, trans: TranslationBundle): string {
  switch (state) {
    case 'pending':
      return trans.__('waiting for the kernel');
    case 'checking':
      return trans.__('checking availability');
    case 'making-available':
      return trans.__('making available');
    case 'injected':
      return trans.__('injected');
    case 'failed':
      return trans.__('failed');
  }
}
