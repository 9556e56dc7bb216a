/**
 * What the user can do with a record of the Publish section: continue,
 * publish or discard a draft, make a new version, reproduce, download.
 */
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';

import { errorMessage } from '../api';
import type { PublishAsker } from './formtypes';
import { PublishModel } from './model';
import type { IRecordActions } from './recordrow';
import { IRecordSummary } from './types';

/**
 * What the record actions need from the plugin.
 */
export interface IRecordActionsContext {
  model: PublishModel;
  trans: TranslationBundle;
  commands: CommandRegistry;
  askPublish: PublishAsker;
  openForm(options: {
    paths: string[];
    draft?: string;
    newVersionOf?: string;
  }): Promise<unknown>;
  /** Show a folder in the file browser. */
  reveal(path: string): void;
  /** The files of a new version of a record (chosen or asked for). */
  newVersionPaths(record: IRecordSummary): Promise<string[]>;
}

/**
 * The actions on the records of the Publish section.
 */
export function recordActions(context: IRecordActionsContext): IRecordActions {
  const {
    model,
    trans,
    commands,
    askPublish,
    openForm,
    reveal,
    newVersionPaths
  } = context;
  const actions: IRecordActions = {
    continueDraft: record => {
      void openForm({ paths: [], draft: record.id });
    },
    publishDraft: record => {
      void publishDraft(record);
    },
    discardDraft: record => {
      void discardDraft(record);
    },
    newVersion: record => {
      void newVersion(record);
    },
    reproduce: record => {
      void commands.execute('vre-lab:reana-reproduce', {
        repository: model.repository ?? '',
        record: record.id
      });
    },
    download: (record, files) => {
      void model.download(record, files).then(job => {
        const destination = job?.result?.destination;
        if (job?.state === 'succeeded' && typeof destination === 'string') {
          reveal(destination);
        }
      });
    }
  };

  const publishDraft = async (record: IRecordSummary): Promise<void> => {
    const repository = model.repository;
    if (!repository) {
      return;
    }
    let detail;
    try {
      detail = await model.client.record(repository, record.id, true);
    } catch (error) {
      Notification.error(errorMessage(error), { autoClose: false });
      return;
    }
    if (detail.errors?.length) {
      const answer = await showDialog({
        title: trans.__('%1 is not complete', record.title || record.id),
        body: detail.errors.map(e => `${e.field}: ${e.message}`).join('\n'),
        buttons: [
          Dialog.cancelButton({ label: trans.__('Close') }),
          Dialog.okButton({ label: trans.__('Continue') })
        ]
      });
      if (answer.button.accept) {
        actions.continueDraft(record);
      }
      return;
    }
    try {
      const published = await askPublish({
        repository,
        draft: record.id,
        title: record.title || record.id,
        citationFolder: null
      });
      if (published) {
        const { showPublished } = await import('./publishdialog');
        await showPublished(published, trans, repository);
      }
    } catch {
      // Told in a notification.
    }
  };

  const discardDraft = async (record: IRecordSummary): Promise<void> => {
    const answer = await showDialog({
      title: trans.__('Discard the draft %1?', record.title || record.id),
      body: trans.__(
        'The draft and its uploaded files are deleted from the repository. Your own files stay.'
      ),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.warnButton({ label: trans.__('Discard') })
      ]
    });
    if (!answer.button.accept) {
      return;
    }
    try {
      await model.discardDraft(record);
    } catch (error) {
      Notification.error(
        trans.__('Cannot discard the draft: %1', errorMessage(error)),
        { autoClose: false }
      );
    }
  };

  const newVersion = async (record: IRecordSummary): Promise<void> => {
    const paths = await newVersionPaths(record);
    await openForm({ paths, newVersionOf: record.id });
  };

  return actions;
}
