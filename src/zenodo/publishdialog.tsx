/**
 * Asking before publishing (published records cannot be deleted), with
 * the choice of writing the DOI into CITATION.cff.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IPublished } from './types';
import { PublishedView } from './resultview';

export interface IPublishChoice {
  publish: boolean;
  writeCitation: boolean;
}

/**
 * Ask whether to publish a draft.
 */
export async function askToPublish(options: {
  title: string;
  repository: string;
  /** The folder of CITATION.cff ('' for the root); null: no checkbox. */
  citationFolder: string | null;
  writeCitation: boolean;
  trans: TranslationBundle;
}): Promise<IPublishChoice> {
  const { trans } = options;
  const body = new PublishBody(options);
  const answer = await showDialog({
    title: trans.__('Publish %1 to %2?', options.title, options.repository),
    body,
    buttons: [
      Dialog.cancelButton({
        label: trans.__('Keep as draft'),
        caption: trans.__('Keep the draft; publish it later from My uploads')
      }),
      Dialog.okButton({
        label: trans.__('Publish'),
        caption: trans.__('Publish the record and register its DOI')
      })
    ]
  });
  return {
    publish: answer.button.accept,
    writeCitation: options.citationFolder !== null && body.getValue()
  };
}

/**
 * Show a published record (when published from the panel).
 */
export async function showPublished(
  published: IPublished,
  trans: TranslationBundle,
  repository?: string
): Promise<void> {
  await showDialog({
    title: trans.__('Published'),
    body: (
      <PublishedView
        published={published}
        repository={repository}
        trans={trans}
      />
    ),
    buttons: [Dialog.okButton({ label: trans.__('Close') })]
  });
}

class PublishBody extends ReactWidget implements Dialog.IBodyWidget<boolean> {
  constructor(options: {
    citationFolder: string | null;
    writeCitation: boolean;
    trans: TranslationBundle;
  }) {
    super();
    this._folder = options.citationFolder;
    this._write = options.writeCitation;
    this._trans = options.trans;
    this.addClass('vre-PublishConfirm');
  }

  getValue(): boolean {
    return this._write;
  }

  protected render(): React.ReactElement {
    const trans = this._trans;
    const folder = this._folder === '' ? '/' : this._folder;
    return (
      <div data-testid="vre-publish-confirm">
        <p>{trans.__('Published records cannot be deleted.')}</p>
        {folder !== null && (
          <label className="vre-Checkbox">
            <input
              type="checkbox"
              defaultChecked={this._write}
              aria-label={trans.__(
                'Write the DOI into CITATION.cff in %1',
                folder
              )}
              onChange={event => {
                this._write = event.currentTarget.checked;
              }}
            />
            {trans.__('Write the DOI into CITATION.cff in %1', folder)}
          </label>
        )}
      </div>
    );
  }

  private _folder: string | null;
  private _trans: TranslationBundle;
  private _write: boolean;
}
