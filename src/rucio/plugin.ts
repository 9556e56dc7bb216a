/**
 * The Data plugin: the Data section of the VRE side panel, its commands
 * (open, search, upload), DIDs attached to notebooks and re-injected when
 * their kernels start.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { IFileBrowserFactory } from '@jupyterlab/filebrowser';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { notifyingFollower } from '../components/jobnotification';
import { loadSettings } from '../components/settingmemory';
import { prepareBeforeCells } from '../kernel/beforecells';
import {
  IRegisterOutputsArgs,
  IVREData,
  IVRELab,
  IVRESidebar,
  REGISTER_OUTPUTS_COMMAND,
  USE_DID_IN_WORKFLOW_COMMAND
} from '../tokens';
import { IInstanceMemory } from './connectionmodel';
import { DataSection } from './datasection';
import { DataModel } from './model';
import { attachableNotebook } from './notebookadapter';
// eslint-disable-next-line jupyter/prefer-lazy-imports -- the token's value is returned by activate
import { DataAPI } from './publicapi';

/**
 * The command ids of the Data plugin.
 */
export namespace DataCommandIDs {
  export const open = 'vre-lab:data-open';
  export const search = 'vre-lab:data-search';
  export const upload = 'vre-lab:rucio-upload';
  export const registerOutputs = REGISTER_OUTPUTS_COMMAND;
}

/**
 * The id of the Data plugin; `schema/data.json` holds its settings.
 */
export const DATA_PLUGIN_ID = 'vre-lab:data';

/**
 * The state database key remembering the chosen instance.
 */
const STATE_KEY = 'vre-lab:data';

/**
 * The rank of the Data section in the side panel (first).
 */
const SECTION_RANK = 100;

/**
 * The Data plugin.
 */
export const dataPlugin: JupyterFrontEndPlugin<IVREData> = {
  id: DATA_PLUGIN_ID,
  description:
    'The Data section (Rucio): search, DID detail, make available, add to notebook, upload.',
  autoStart: true,
  provides: IVREData,
  requires: [IVRELab, IVRESidebar],
  optional: [
    ITranslator,
    INotebookTracker,
    IFileBrowserFactory,
    IStateDB,
    ICommandPalette,
    ISettingRegistry
  ],
  activate: (
    app: JupyterFrontEnd,
    vre: IVRELab,
    sidebar: IVRESidebar,
    translator: ITranslator | null,
    notebooks: INotebookTracker | null,
    browsers: IFileBrowserFactory | null,
    state: IStateDB | null,
    palette: ICommandPalette | null,
    settingRegistry: ISettingRegistry | null
  ): IVREData => {
    const trans = (translator ?? nullTranslator).load('vre_lab');
    const follow = notifyingFollower(vre.request, trans);
    const model = new DataModel({
      handshake: vre.handshake,
      request: vre.request,
      follow,
      memory: state ? stateMemory(state) : null,
      trans
    });
    const attachments = model.attachments;

    const section = new DataSection({
      model,
      trans,
      onAddToNotebook: did => {
        const panel = notebooks?.currentWidget;
        if (panel) {
          void import('./addtonotebook').then(({ addToNotebook }) =>
            addToNotebook(did, panel, attachments, trans)
          );
        }
      },
      onUseInWorkflow: did => {
        if (app.commands.hasCommand(USE_DID_IN_WORKFLOW_COMMAND)) {
          void app.commands.execute(USE_DID_IN_WORKFLOW_COMMAND, {
            did: did.did,
            instance: did.instance.name
          });
        }
      }
    });
    sidebar.addSection(section, SECTION_RANK);

    const showSection = (): void => {
      app.shell.activateById(sidebar.id);
      sidebar.expandSection(section);
    };

    if (notebooks) {
      // The Notebook tab names the active notebook, also after a rename.
      let watched: NotebookPanel | null = null;
      const renamed = (): void => model.notebookRenamed();
      const track = (): void => {
        const panel = notebooks.currentWidget;
        watched?.title.changed.disconnect(renamed);
        watched = panel;
        panel?.title.changed.connect(renamed);
        model.notebook = panel ? attachableNotebook(panel, trans) : null;
      };
      notebooks.currentChanged.connect(track);
      track();
      const reinjectBeforeCells = (panel: NotebookPanel): void => {
        const notebook = attachableNotebook(panel, trans);
        const hook = prepareBeforeCells(panel, () => {
          void attachments.reinjectAll(notebook);
        });
        panel.disposed.connect(() => {
          hook.dispose();
          attachments.forget(panel.id);
        });
      };
      notebooks.forEach(reinjectBeforeCells);
      notebooks.widgetAdded.connect((_, panel) => reinjectBeforeCells(panel));
    }

    app.commands.addCommand(DataCommandIDs.open, {
      label: trans.__('Open Data panel'),
      caption: trans.__('Show the Data (Rucio) section of the VRE panel'),
      describedBy: { args: { type: 'object', properties: {} } },
      execute: showSection
    });

    app.commands.addCommand(DataCommandIDs.search, {
      label: trans.__('Search data in Rucio'),
      caption: trans.__('Search DIDs in the Data panel'),
      describedBy: {
        args: {
          type: 'object',
          properties: {
            query: {
              type: 'string',
              description: trans.__('SCOPE:PATTERN to put in the search field')
            }
          }
        }
      },
      execute: args => {
        showSection();
        section.focusSearch(
          typeof args.query === 'string' ? args.query : undefined
        );
      }
    });

    const selectedFile = (): string | null => {
      const browser = browsers?.tracker.currentWidget;
      if (!browser) {
        return null;
      }
      for (const item of browser.selectedItems()) {
        if (item.type !== 'directory') {
          return item.path;
        }
      }
      return null;
    };

    app.commands.addCommand(DataCommandIDs.upload, {
      label: args =>
        args['isPalette']
          ? trans.__('Upload a file to Rucio…')
          : trans.__('Upload to Rucio…'),
      caption: trans.__('Upload a workspace file to a Rucio storage element'),
      describedBy: {
        args: {
          type: 'object',
          properties: {
            path: {
              type: 'string',
              description: trans.__('The file, relative to the server root')
            }
          }
        }
      },
      isVisible: args =>
        typeof args.path === 'string' ||
        !!args['isPalette'] ||
        selectedFile() !== null,
      execute: async args => {
        const path =
          typeof args.path === 'string' ? args.path : (selectedFile() ?? '');
        await model.start();
        const connection = model.connection;
        if (connection.instances.length === 0) {
          Notification.error(
            connection.message ||
              trans.__('No Rucio instance is configured to upload to.'),
            { autoClose: false }
          );
          return;
        }
        const { UploadModel } = await import('./uploadmodel');
        const { askUpload } = await import('./uploaddialog');
        // eslint-disable-next-line jupyter/require-disposable-ownership -- disposed below
        const upload = new UploadModel({
          client: model.client,
          instances: connection.instances,
          instance: connection.instance?.name,
          path,
          trans
        });
        try {
          if (await askUpload(upload, trans)) {
            await upload.submit(follow).catch(() => undefined);
          }
        } finally {
          upload.dispose();
        }
      }
    });

    app.commands.addCommand(DataCommandIDs.registerOutputs, {
      label: trans.__('Register outputs in Rucio…'),
      caption: trans.__(
        "Upload a finished run's outputs to an RSE, into a dataset naming the run"
      ),
      describedBy: {
        args: {
          type: 'object',
          required: ['server', 'workflow', 'name', 'runNumber', 'outputs'],
          properties: {
            server: { type: 'string' },
            workflow: { type: 'string' },
            name: { type: 'string' },
            runNumber: { type: 'string' },
            outputs: { type: 'array', items: { type: 'string' } }
          }
        }
      },
      execute: async args => {
        const run = registerArgs(args);
        if (!run) {
          return;
        }
        await model.start();
        const connection = model.connection;
        if (connection.instances.length === 0) {
          Notification.error(
            connection.message ||
              trans.__('No Rucio instance is configured to register in.'),
            { autoClose: false }
          );
          return;
        }
        const { RegisterModel } = await import('./registermodel');
        const { askRegister } = await import('./registerdialog');
        // eslint-disable-next-line jupyter/require-disposable-ownership -- disposed below
        const form = new RegisterModel({
          client: model.client,
          instances: connection.instances,
          instance: connection.instance?.name,
          run,
          trans
        });
        try {
          if (await askRegister(form, trans)) {
            await form.submit(follow).catch(() => undefined);
          }
        } finally {
          form.dispose();
        }
      }
    });

    if (palette) {
      const category = trans.__('VRE');
      for (const command of [
        DataCommandIDs.open,
        DataCommandIDs.search,
        DataCommandIDs.upload
      ]) {
        palette.addItem({ command, category });
      }
    }

    void loadSettings(settingRegistry, DATA_PLUGIN_ID, 'Data').then(
      settings => {
        if (!settings) {
          return;
        }
        const apply = (): void => {
          model.search.pageSize = settings.get('pageSize').composite as number;
        };
        apply();
        settings.changed.connect(apply);
      }
    );

    return new DataAPI({
      model,
      show: query => {
        showSection();
        section.focusSearch(query);
      }
    });
  }
};

/**
 * The run a registration command names, or null when its arguments are not
 * complete.
 */
function registerArgs(
  args: ReadonlyPartialJSONObject
): IRegisterOutputsArgs | null {
  const { server, workflow, name, runNumber, outputs } = args;
  if (
    typeof server !== 'string' ||
    typeof workflow !== 'string' ||
    typeof name !== 'string' ||
    typeof runNumber !== 'string' ||
    !Array.isArray(outputs) ||
    !outputs.every(o => typeof o === 'string')
  ) {
    return null;
  }
  return { server, workflow, name, runNumber, outputs };
}

/**
 * The chosen instance, remembered in the state database.
 */
function stateMemory(state: IStateDB): IInstanceMemory {
  return {
    load: async () => {
      const value = (await state.fetch(STATE_KEY)) as {
        instance?: unknown;
      } | null;
      return typeof value?.instance === 'string' ? value.instance : null;
    },
    save: async (name: string) => {
      await state.save(STATE_KEY, { instance: name });
    }
  };
}
