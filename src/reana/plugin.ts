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
import { ICommandPalette, WidgetTracker } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { IFileBrowserFactory } from '@jupyterlab/filebrowser';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { notifyingFollower } from '../components/jobnotification';
import { loadSettings, settingMemory } from '../components/settingmemory';
import {
  IVRELab,
  IVRESidebar,
  IVREWorkflows,
  PUBLISH_COMMAND,
  REGISTER_OUTPUTS_COMMAND
} from '../tokens';
import { addWorkflowCommands, WorkflowCommandIDs } from './commands';
import { WorkflowsModel } from './model';
// eslint-disable-next-line jupyter/prefer-lazy-imports -- a few lines the commands use from activation on
import { askPath, yamlPaths } from './yamlpaths';
import { WorkflowsAPI } from './publicapi';
// eslint-disable-next-line jupyter/prefer-lazy-imports -- a few lines that register a command at activation
import { addReproduceCommand } from './reproduce';
import { IRucioInput } from './rucioinputs';
import { addUseDidCommand } from './usedid';
// eslint-disable-next-line jupyter/prefer-lazy-imports -- the section is in the side panel from the start
import { WorkflowsSection } from './section';
import { IValidationIssue, IWorkflow, LOCAL_SERVER } from './types';
import type { WorkflowDetailModel } from './workflowdetailmodel';
import type { WorkflowDetailWidget } from './workflowdetailwidget';

export { WorkflowCommandIDs } from './commands';

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
    const settings = loadSettings(
      settingRegistry,
      WORKFLOWS_PLUGIN_ID,
      'Workflows'
    );
    let notify = true;

    const model = new WorkflowsModel({
      handshake: vre.handshake,
      request: vre.request,
      follow: notifyingFollower(vre.request, trans),
      memory: settingMemory(settings, 'server'),
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

    const yaml = yamlPaths({
      browsers,
      docManager,
      current: () => app.shell.currentWidget,
      trans
    });
    const { pathFrom } = yaml;

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

    addWorkflowCommands(commands, {
      model,
      trans,
      showSection,
      hasYaml: () => yaml.selected() !== null,
      pathFrom,
      run,
      revealIssue,
      openWorkflow
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
