/**
 * The Workflows plugin: the Workflows section of the VRE side panel, the
 * workflow detail in the main area, and the commands (validate, run on
 * REANA, run locally) of the file browser's context menu on YAML files and
 * of the command palette.
 */
import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  InputDialog,
  Notification,
  WidgetTracker
} from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { IFileBrowserFactory } from '@jupyterlab/filebrowser';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';

import { errorMessage } from '../api';
import { notifyingFollower } from '../components/jobnotification';
import {
  IVRELab,
  IVRESidebar,
  IVREWorkflows,
  PUBLISH_COMMAND,
  REGISTER_OUTPUTS_COMMAND
} from '../tokens';
import { WorkflowsModel } from './model';
import { WorkflowsAPI } from './publicapi';
import { isYamlPath } from './names';
// eslint-disable-next-line jupyter/prefer-lazy-imports -- a few lines that register a command at activation
import { addReproduceCommand } from './reproduce';
import { IRucioInput } from './rucioinputs';
import { addUseDidCommand } from './usedid';
// eslint-disable-next-line jupyter/prefer-lazy-imports -- the section is in the side panel from the start
import { WorkflowsSection } from './section';
import { IServerMemory } from './servermodel';
import { IValidationIssue, IWorkflow, LOCAL_SERVER } from './types';
import type { WorkflowDetailModel } from './workflowdetailmodel';
import type { WorkflowDetailWidget } from './workflowdetailwidget';

/**
 * The command ids of the Workflows plugin.
 */
export namespace WorkflowCommandIDs {
  export const open = 'vre-lab:reana-open';
  export const validate = 'vre-lab:reana-validate';
  export const runRemote = 'vre-lab:reana-run-remote';
  export const runLocal = 'vre-lab:reana-run-local';
  export const openWorkflow = 'vre-lab:reana-open-workflow';
  export const refresh = 'vre-lab:reana-refresh';
}

/**
 * The id of the Workflows plugin; `schema/workflows.json` holds its
 * settings and context-menu items.
 */
export const WORKFLOWS_PLUGIN_ID = 'vre-lab:workflows';

/**
 * The rank of the Workflows section in the side panel (after Data).
 */
const SECTION_RANK = 200;

/**
 * The Workflows plugin.
 */
export const workflowsPlugin: JupyterFrontEndPlugin<IVREWorkflows> = {
  id: WORKFLOWS_PLUGIN_ID,
  description:
    'The Workflows section (REANA and the local engine): validate and run reana.yaml, follow runs, logs, workspace, secrets.',
  autoStart: true,
  provides: IVREWorkflows,
  requires: [IVRELab, IVRESidebar],
  optional: [
    ITranslator,
    IFileBrowserFactory,
    IDocumentManager,
    ICommandPalette,
    ISettingRegistry,
    ILayoutRestorer
  ],
  activate: (
    app: JupyterFrontEnd,
    vre: IVRELab,
    sidebar: IVRESidebar,
    translator: ITranslator | null,
    browsers: IFileBrowserFactory | null,
    docManager: IDocumentManager | null,
    palette: ICommandPalette | null,
    settingRegistry: ISettingRegistry | null,
    restorer: ILayoutRestorer | null
  ): IVREWorkflows => {
    const trans = (translator ?? nullTranslator).load('vre_lab');
    const { commands } = app;
    const settings: Promise<ISettingRegistry.ISettings | null> = settingRegistry
      ? settingRegistry.load(WORKFLOWS_PLUGIN_ID).catch(reason => {
          console.error(
            'vre-lab: failed to load the Workflows settings.',
            reason
          );
          return null;
        })
      : Promise.resolve(null);
    let notify = true;

    const model = new WorkflowsModel({
      handshake: vre.handshake,
      request: vre.request,
      follow: notifyingFollower(vre.request, trans),
      memory: settingsMemory(settings),
      trans
    });
    const serverLabel = (name: string): string => {
      const server = model.servers.find(name);
      return server ? server.display_name || server.name : name;
    };

    // Workflow details in the main area, restored after a reload.
    const tracker = new WidgetTracker<WorkflowDetailWidget>({
      namespace: 'vre-lab-workflow'
    });
    if (restorer) {
      void restorer.restore(tracker, {
        command: WorkflowCommandIDs.openWorkflow,
        args: widget => ({
          server: widget.model.server,
          id: widget.model.id
        }),
        name: widget => `${widget.model.server}:${widget.model.id}`
      });
    }

    const openPath = (path: string): void => {
      if (docManager) {
        docManager.openOrReveal(path);
      } else {
        void commands.execute('docmanager:open', { path });
      }
    };

    const revealFolder = (path: string): void => {
      void commands
        .execute('filebrowser:go-to-path', { path: `/${path}` })
        .catch(() => undefined);
    };

    const revealIssue = (path: string, issue: IValidationIssue): void => {
      void import('./validationview').then(({ issuePath }) => {
        const file = issuePath(path, issue);
        if (!docManager) {
          openPath(file);
          return;
        }
        void import('./editor').then(({ openAtLine }) =>
          openAtLine(docManager, file, issue.line, issue.column)
        );
      });
    };

    const openWorkflow = async (
      server: string,
      id: string,
      summary?: IWorkflow
    ): Promise<WorkflowDetailWidget> => {
      const existing = tracker.find(
        widget => widget.model.server === server && widget.model.id === id
      );
      if (existing) {
        app.shell.activateById(existing.id);
        void existing.model.refresh();
        return existing;
      }
      const { WorkflowDetailModel } = await import('./workflowdetailmodel');
      const { WorkflowDetailWidget } = await import('./workflowdetailwidget');
      const detail = new WorkflowDetailModel({
        client: model.client,
        server,
        id,
        isLocal:
          model.servers.find(server)?.kind === 'local' ||
          server === LOCAL_SERVER,
        summary: summary ?? null,
        follow: model.follow,
        watcher: model.watcher,
        reveal: revealFolder,
        trans
      });
      const widget = new WorkflowDetailWidget({
        model: detail,
        trans,
        actions: {
          openPath,
          rerun: target => {
            void rerun(target);
          },
          publish: app.commands.hasCommand(PUBLISH_COMMAND)
            ? paths => void app.commands.execute(PUBLISH_COMMAND, { paths })
            : undefined,
          registerOutputs: app.commands.hasCommand(REGISTER_OUTPUTS_COMMAND)
            ? target => {
                const run = target.detail;
                if (run) {
                  void app.commands.execute(REGISTER_OUTPUTS_COMMAND, {
                    server: target.server,
                    workflow: target.id,
                    name: run.name,
                    runNumber: String(run.run_number),
                    outputs: run.outputs ?? []
                  });
                }
              }
            : undefined
        }
      });
      detail.deleted.connect(() => {
        void model.list.refresh();
      });
      app.shell.add(widget, 'main');
      void tracker.add(widget);
      app.shell.activateById(widget.id);
      void detail.start();
      return widget;
    };
    model.open = (server, id) => {
      void openWorkflow(server, id);
    };

    model.watcher.ended.connect((_, ended) => {
      if (!notify) {
        return;
      }
      void import('./notifications').then(({ notifyWorkflowEnded }) =>
        notifyWorkflowEnded(ended, {
          trans,
          serverLabel,
          show: (server, id) => {
            void openWorkflow(server, id);
          }
        })
      );
    });

    const section = new WorkflowsSection({
      model,
      trans,
      onOpen: workflow => {
        const server = workflow.server || model.servers.server?.name;
        if (server) {
          void openWorkflow(server, workflow.id, workflow);
        }
      },
      onRun: () => {
        const server = model.servers.server;
        void commands.execute(
          server?.kind === 'local'
            ? WorkflowCommandIDs.runLocal
            : WorkflowCommandIDs.runRemote,
          { isPalette: true }
        );
      }
    });
    sidebar.addSection(section, SECTION_RANK);

    const showSection = (): void => {
      app.shell.activateById(sidebar.id);
      sidebar.expandSection(section);
    };

    // The YAML file the commands act on.
    const selectedYaml = (): string | null => {
      const browser = browsers?.tracker.currentWidget;
      if (!browser) {
        return null;
      }
      for (const item of browser.selectedItems()) {
        if (item.type !== 'directory' && isYamlPath(item.path)) {
          return item.path;
        }
      }
      return null;
    };
    const currentYaml = (): string | null => {
      const widget = app.shell.currentWidget;
      const path = widget ? docManager?.contextForWidget(widget)?.path : null;
      return isYamlPath(path) ? path! : null;
    };
    const pathFrom = async (
      args: Record<string, unknown>,
      title: string
    ): Promise<string | null> => {
      if (typeof args.path === 'string' && args.path) {
        return args.path;
      }
      const known = args['isPalette']
        ? (currentYaml() ?? selectedYaml())
        : (selectedYaml() ?? currentYaml());
      if (known) {
        return known;
      }
      return askPath(title, 'reana.yaml', trans);
    };

    const offered: IRucioInput[] = [];
    addUseDidCommand(app.commands, offered, trans);

    const run = async (
      path: string,
      server: string,
      options: { name?: string; parameters?: Record<string, unknown> } = {}
    ): Promise<void> => {
      const { RunModel } = await import('./runmodel');
      const { askRun } = await import('./runform');
      const usable = model.servers.servers;
      // eslint-disable-next-line jupyter/require-disposable-ownership -- disposed below
      const form = new RunModel({
        client: model.client,
        path,
        servers: usable,
        server,
        name: options.name,
        parameters: options.parameters,
        rucioInputs: offered,
        trans
      });
      try {
        const go = await askRun({
          model: form,
          trans,
          title: trans.__('Run %1', PathExt.basename(path)),
          reveal: issue => revealIssue(form.path, issue)
        });
        if (go) {
          const target = form.server;
          const request = form.request();
          if (model.servers.server?.name !== target) {
            void model.servers.select(target);
          }
          showSection();
          await model.launcher.start(target, request);
        }
      } finally {
        form.dispose();
      }
    };

    const rerun = async (detail: WorkflowDetailModel): Promise<void> => {
      const workflow = detail.detail;
      if (!workflow) {
        return;
      }
      const { findRunPath } = await import('./runlauncher');
      const path =
        (await findRunPath(model.client, detail.server, {
          id: detail.id,
          name: workflow.name
        })) ??
        (await askPath(
          trans.__('Which reana.yaml did %1 run?', detail.label),
          `${workflow.name}/reana.yaml`,
          trans
        ));
      if (!path) {
        return;
      }
      await run(path, detail.server, {
        name: workflow.name,
        parameters: workflow.parameters
      });
    };

    const remoteServer = (): string | null => {
      const chosen = model.servers.server;
      if (chosen?.kind === 'reana') {
        return chosen.name;
      }
      return model.servers.reanaServers[0]?.name ?? null;
    };

    const pathArgs = {
      type: 'object',
      properties: {
        path: {
          type: 'string',
          description: trans.__('The reana.yaml, relative to the server root')
        }
      }
    };

    commands.addCommand(WorkflowCommandIDs.open, {
      label: trans.__('Open Workflows panel'),
      caption: trans.__('Show the Workflows section of the VRE panel'),
      describedBy: { args: { type: 'object', properties: {} } },
      execute: showSection
    });

    // on a yaml file of the file browser, with a path, or from the palette
    const forAYamlFile = (args: ReadonlyPartialJSONObject) =>
      typeof args.path === 'string' ||
      !!args['isPalette'] ||
      selectedYaml() !== null;

    commands.addCommand(WorkflowCommandIDs.validate, {
      label: args =>
        args['isPalette']
          ? trans.__('Validate a REANA workflow…')
          : trans.__('Validate workflow'),
      caption: trans.__('Check a reana.yaml and show its errors and warnings'),
      describedBy: { args: pathArgs },
      isVisible: forAYamlFile,
      execute: async args => {
        const path = await pathFrom(
          args,
          trans.__('Validate a REANA workflow')
        );
        if (!path) {
          return;
        }
        let validation;
        try {
          validation = await model.client.validate(path);
        } catch (error) {
          Notification.error(
            trans.__('Cannot validate %1: %2', path, errorMessage(error)),
            { autoClose: false }
          );
          return;
        }
        const { showValidation } = await import('./validationview');
        const runNow = await showValidation({
          path,
          validation,
          trans,
          reveal: issue => revealIssue(path, issue)
        });
        if (runNow) {
          await model.start();
          await run(path, model.servers.server?.name ?? LOCAL_SERVER);
        }
      }
    });

    commands.addCommand(WorkflowCommandIDs.runRemote, {
      label: args =>
        args['isPalette']
          ? trans.__('Run a workflow on REANA…')
          : trans.__('Run on REANA…'),
      caption: trans.__('Validate a reana.yaml and run it on a REANA server'),
      describedBy: { args: pathArgs },
      isVisible: forAYamlFile,
      isEnabled: () =>
        model.servers.state === 'loading' ||
        model.servers.reanaServers.length > 0,
      execute: async args => {
        await model.start();
        const server = remoteServer();
        if (!server) {
          Notification.error(
            trans.__(
              'No REANA server is configured. Run the workflow locally, or ask your administrator for a REANA server.'
            ),
            { autoClose: false }
          );
          return;
        }
        const path = await pathFrom(args, trans.__('Run a workflow on REANA'));
        if (path) {
          await run(path, server);
        }
      }
    });

    commands.addCommand(WorkflowCommandIDs.runLocal, {
      label: args =>
        args['isPalette']
          ? trans.__('Run a workflow locally…')
          : trans.__('Run locally…'),
      caption: trans.__('Validate a reana.yaml and run it on this machine'),
      describedBy: { args: pathArgs },
      isVisible: forAYamlFile,
      execute: async args => {
        const path = await pathFrom(args, trans.__('Run a workflow locally'));
        if (path) {
          await model.start();
          await run(path, LOCAL_SERVER);
        }
      }
    });

    // a crate of the file browser: a .zip file or a folder
    const selectedCrate = (): string | null => {
      const browser = browsers?.tracker.currentWidget;
      for (const item of browser?.selectedItems() ?? []) {
        if (
          item.type === 'directory' ||
          item.path.toLowerCase().endsWith('.zip')
        ) {
          return item.path;
        }
      }
      return null;
    };
    addReproduceCommand({
      commands,
      client: model.client,
      follow: notifyingFollower(vre.request, trans),
      selected: selectedCrate,
      open: report => {
        // the report reads best rendered
        if (docManager) {
          docManager.openOrReveal(report, 'Markdown Preview');
        } else {
          void commands.execute('markdownviewer:open', { path: report });
        }
      },
      trans
    });

    commands.addCommand(WorkflowCommandIDs.openWorkflow, {
      label: trans.__('Open workflow'),
      caption: trans.__('Show a workflow: progress, logs, workspace'),
      describedBy: {
        args: {
          type: 'object',
          properties: {
            server: {
              type: 'string',
              description: trans.__('The server (`local` or a REANA server)')
            },
            id: { type: 'string', description: trans.__('The workflow id') }
          },
          required: ['server', 'id']
        }
      },
      execute: async args => {
        if (typeof args.server === 'string' && typeof args.id === 'string') {
          return openWorkflow(args.server, args.id);
        }
      }
    });

    commands.addCommand(WorkflowCommandIDs.refresh, {
      label: trans.__('Refresh workflows'),
      caption: trans.__('Ask the workflow server for the list again'),
      describedBy: { args: { type: 'object', properties: {} } },
      execute: () => model.list.refresh()
    });

    if (palette) {
      const category = trans.__('VRE');
      for (const command of [
        WorkflowCommandIDs.open,
        WorkflowCommandIDs.validate,
        WorkflowCommandIDs.runRemote,
        WorkflowCommandIDs.runLocal,
        WorkflowCommandIDs.refresh
      ]) {
        palette.addItem({ command, category });
      }
    }

    void settings.then(loaded => {
      if (!loaded) {
        return;
      }
      const apply = (): void => {
        model.list.pageSize = loaded.get('pageSize').composite as number;
        notify = loaded.get('notifyWhenDone').composite !== false;
      };
      apply();
      loaded.changed.connect(apply);
    });

    return new WorkflowsAPI({
      commands,
      commandIds: WorkflowCommandIDs,
      watcher: model.watcher
    });
  }
};

/**
 * Ask for the path of a reana.yaml.
 */
async function askPath(
  title: string,
  text: string,
  trans: TranslationBundle
): Promise<string | null> {
  const answer = await InputDialog.getText({
    title,
    label: trans.__('reana.yaml, relative to the server root'),
    text,
    okLabel: trans.__('Continue'),
    cancelLabel: trans.__('Cancel')
  });
  const value = answer.value?.trim();
  return answer.button.accept && value ? value : null;
}

/**
 * The chosen server, remembered in the settings.
 */
function settingsMemory(
  settings: Promise<ISettingRegistry.ISettings | null>
): IServerMemory {
  return {
    load: async () => {
      const loaded = await settings;
      const value = loaded?.get('server').composite;
      return typeof value === 'string' && value ? value : null;
    },
    save: async (name: string) => {
      const loaded = await settings;
      await loaded?.set('server', name);
    }
  };
}
