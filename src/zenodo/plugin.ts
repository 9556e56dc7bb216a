/**
 * The Publish plugin: the Publish section of the VRE side panel, the
 * publish form in the main area, and the commands (Publish… on files and
 * folders of the file browser, in the palette, and for other plugins).
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  InputDialog,
  Notification,
  WidgetTracker
} from '@jupyterlab/apputils';
import { IFileBrowserFactory } from '@jupyterlab/filebrowser';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { errorMessage, IJob } from '../api';
import { notifyingFollower } from '../components/jobnotification';
import { loadSettings, settingMemory } from '../components/settingmemory';
import { IVRELab, IVREPublish, IVRESidebar, PUBLISH_COMMAND } from '../tokens';
import type { PublishAsker } from './formmodel';
import type { PublishFormWidget } from './formwidget';
import { PublishModel } from './model';
import { PublishAPI } from './publicapi';
// eslint-disable-next-line jupyter/prefer-lazy-imports -- the section's actions, from the start
import { recordActions } from './recordactions';
// eslint-disable-next-line jupyter/prefer-lazy-imports -- the section is in the side panel from the start
import { PublishSection } from './section';

/**
 * The command ids of the Publish plugin.
 */
export namespace PublishCommandIDs {
  export const publish = PUBLISH_COMMAND;
  export const open = 'vre-lab:publish-open';
  export const refresh = 'vre-lab:publish-refresh';
}

/**
 * The id of the Publish plugin; `schema/publish.json` holds its settings
 * and context-menu item.
 */
export const PUBLISH_PLUGIN_ID = 'vre-lab:publish';

/**
 * The rank of the Publish section in the side panel (after Workflows).
 */
const SECTION_RANK = 300;

export const publishPlugin: JupyterFrontEndPlugin<IVREPublish> = {
  id: PUBLISH_PLUGIN_ID,
  description:
    'The Publish section (Zenodo / InvenioRDM / RO-Crate): publish files and folders with metadata and get a DOI.',
  autoStart: true,
  provides: IVREPublish,
  requires: [IVRELab, IVRESidebar],
  optional: [
    ITranslator,
    IFileBrowserFactory,
    ICommandPalette,
    ISettingRegistry
  ],
  activate: (
    app: JupyterFrontEnd,
    vre: IVRELab,
    sidebar: IVRESidebar,
    translator: ITranslator | null,
    browsers: IFileBrowserFactory | null,
    palette: ICommandPalette | null,
    settingRegistry: ISettingRegistry | null
  ): IVREPublish => {
    const trans = (translator ?? nullTranslator).load('vre_lab');
    const { commands } = app;
    const settings = loadSettings(
      settingRegistry,
      PUBLISH_PLUGIN_ID,
      'Publish'
    );
    let writeCitation = true;
    const api = new PublishAPI({
      commands,
      publishCommand: PublishCommandIDs.publish
    });

    const model = new PublishModel({
      handshake: vre.handshake,
      request: vre.request,
      follow: notifyingFollower(vre.request, trans),
      memory: settingMemory(settings, 'repository'),
      trans
    });
    const label = (name: string) => model.repositories.label(name);
    const forms = new WidgetTracker<PublishFormWidget>({
      namespace: 'vre-lab-publish-form'
    });

    const reveal = (path: string): void => {
      void commands
        .execute('filebrowser:go-to-path', { path: `/${path}` })
        .catch(() => undefined);
    };

    const askPublish: PublishAsker = async draft => {
      const { askToPublish } = await import('./publishdialog');
      const choice = await askToPublish({
        title: draft.title,
        repository: label(draft.repository),
        citationFolder: draft.citationFolder,
        writeCitation,
        trans
      });
      if (!choice.publish) {
        void model.uploads.refresh();
        return null;
      }
      try {
        const published = await model.client.publish(
          draft.repository,
          draft.draft,
          choice.writeCitation ? draft.citationFolder : null
        );
        Notification.success(
          trans.__('%1 is published: %2', draft.title, published.doi ?? ''),
          { autoClose: 8000 }
        );
        return published;
      } catch (error) {
        Notification.error(
          trans.__(
            'Publishing %1 failed: %2',
            draft.title,
            errorMessage(error)
          ),
          { autoClose: false }
        );
        throw error;
      } finally {
        void model.uploads.refresh();
      }
    };

    // Uploads resumed from the panel or a notification: offer to publish.
    model.launcher.onUploaded = (job: IJob) => {
      void offerToPublish(job).catch(() => undefined);
    };
    const offerToPublish = async (job: IJob): Promise<void> => {
      const { uploadDraft, uploadParams } = await import('./uploadjobs');
      const { commonFolder } = await import('./formmodel');
      const params = uploadParams(job);
      const draft = uploadDraft(job);
      if (!draft) {
        return;
      }
      const published = await askPublish({
        repository: params.repository,
        draft,
        title: params.title || draft,
        citationFolder: commonFolder(params.paths)
      });
      if (published) {
        const { showPublished } = await import('./publishdialog');
        await showPublished(published, trans, params.repository);
      }
    };

    const openForm = async (options: {
      paths: string[];
      draft?: string;
      newVersionOf?: string;
    }): Promise<PublishFormWidget> => {
      await model.start();
      const { PublishFormModel } = await import('./formmodel');
      const { PublishFormWidget } = await import('./formwidget');
      const { chosenFiles } = await import('./filesizes');
      const get = app.serviceManager.contents.get.bind(
        app.serviceManager.contents
      );
      const form = new PublishFormModel({
        client: model.client,
        repositories: model.repositories,
        launcher: model.launcher,
        vocabularies: () => model.vocabularies(),
        paths: options.paths,
        repository: model.repositories.repository?.name,
        draft: options.draft,
        newVersionOf: options.newVersionOf,
        listFiles: paths => chosenFiles(get, paths),
        citationFolder: await citationFolderOf(options.paths),
        askPublish,
        trans
      });
      api.watch(form);
      const widget = new PublishFormWidget({
        model: form,
        trans,
        actions: { reveal }
      });
      app.shell.add(widget, 'main');
      void forms.add(widget);
      app.shell.activateById(widget.id);
      void form.start();
      return widget;
    };

    // The folder whose CITATION.cff receives the DOI: the chosen folder, or
    // the chosen files' folder.
    const citationFolderOf = async (paths: string[]) => {
      if (paths.length === 1) {
        try {
          const item = await app.serviceManager.contents.get(paths[0], {
            content: false
          });
          if (item.type === 'directory') {
            return paths[0];
          }
        } catch {
          // Not there: the server says so on upload.
        }
      }
      const { commonFolder } = await import('./formmodel');
      return commonFolder(paths);
    };

    const selectedPaths = (): string[] => {
      const browser = browsers?.tracker.currentWidget;
      return browser ? [...browser.selectedItems()].map(item => item.path) : [];
    };

    const askPaths = async (title: string): Promise<string[]> => {
      const answer = await InputDialog.getText({
        title,
        label: trans.__(
          'Files or folders, relative to the server root, separated by commas'
        ),
        okLabel: trans.__('Continue'),
        cancelLabel: trans.__('Cancel')
      });
      const value = answer.value ?? '';
      return answer.button.accept
        ? value
            .split(',')
            .map(p => p.trim())
            .filter(Boolean)
        : [];
    };

    const actions = recordActions({
      model,
      trans,
      commands,
      askPublish,
      openForm,
      reveal,
      newVersionPaths: async record => {
        const paths = selectedPaths();
        return paths.length
          ? paths
          : askPaths(trans.__('Files of the new version of %1', record.title));
      }
    });

    const section = new PublishSection({
      model,
      trans,
      actions,
      onPublish: () => {
        void commands.execute(PublishCommandIDs.publish, { isPalette: true });
      }
    });
    sidebar.addSection(section, SECTION_RANK);

    commands.addCommand(PublishCommandIDs.publish, {
      label: args =>
        args['isPalette'] ? trans.__('Publish files…') : trans.__('Publish…'),
      caption: trans.__(
        'Publish files and folders to Zenodo or an InvenioRDM repository, or export them as an RO-Crate'
      ),
      describedBy: {
        args: {
          type: 'object',
          properties: {
            paths: {
              type: 'array',
              items: { type: 'string' },
              description: trans.__(
                'Files and folders, relative to the server root'
              )
            }
          }
        }
      },
      execute: async args => {
        let paths = Array.isArray(args.paths)
          ? (args.paths as unknown[]).filter(
              (p): p is string => typeof p === 'string' && p !== ''
            )
          : [];
        if (paths.length === 0) {
          paths = selectedPaths();
        }
        if (paths.length === 0) {
          paths = await askPaths(trans.__('Publish'));
        }
        if (paths.length > 0) {
          return openForm({ paths });
        }
      }
    });

    commands.addCommand(PublishCommandIDs.open, {
      label: trans.__('Open Publish panel'),
      caption: trans.__('Show the Publish section of the VRE panel'),
      describedBy: { args: { type: 'object', properties: {} } },
      execute: () => {
        app.shell.activateById(sidebar.id);
        sidebar.expandSection(section);
      }
    });

    commands.addCommand(PublishCommandIDs.refresh, {
      label: trans.__('Refresh publications'),
      caption: trans.__('Ask the repository for your uploads again'),
      describedBy: { args: { type: 'object', properties: {} } },
      execute: () => model.refresh()
    });

    if (palette) {
      const category = trans.__('VRE');
      for (const command of Object.values(PublishCommandIDs)) {
        palette.addItem({ command, category });
      }
    }

    void settings.then(loaded => {
      if (!loaded) {
        return;
      }
      const apply = (): void => {
        model.pageSize = loaded.get('pageSize').composite as number;
        writeCitation =
          loaded.get('writeCitationByDefault').composite !== false;
      };
      apply();
      loaded.changed.connect(apply);
    });

    return api;
  }
};
