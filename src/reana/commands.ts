/**
 * The commands of the Workflows plugin: open the section, validate, run on
 * REANA or locally (the file browser's context menu on YAML files and the
 * palette), open a workflow, refresh.
 */
import { Notification } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import { errorMessage } from '../api';
import { WorkflowsModel } from './model';
import { IValidationIssue, LOCAL_SERVER } from './types';

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
 * What the commands need from the plugin.
 */
export interface IWorkflowCommandsContext {
  model: WorkflowsModel;
  trans: TranslationBundle;
  /** Show the Workflows section. */
  showSection(): void;
  /** Whether a YAML file is selected in the file browser. */
  hasYaml(): boolean;
  /** The reana.yaml a command acts on: its argument, the selection, or asked. */
  pathFrom(
    args: ReadonlyPartialJSONObject,
    title: string
  ): Promise<string | null>;
  /** Ask for a run of `path` on `server` and start it. */
  run(path: string, server: string): Promise<void>;
  /** Show a validation issue in its file. */
  revealIssue(path: string, issue: IValidationIssue): void;
  /** Open a workflow's detail. */
  openWorkflow(server: string, id: string): Promise<unknown>;
}

/**
 * Add the Workflows commands.
 */
export function addWorkflowCommands(
  commands: CommandRegistry,
  context: IWorkflowCommandsContext
): void {
  const { model, trans, showSection, hasYaml, pathFrom, run, revealIssue } =
    context;
  const openWorkflow = context.openWorkflow;
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
    typeof args.path === 'string' || !!args['isPalette'] || hasYaml();

  commands.addCommand(WorkflowCommandIDs.validate, {
    label: args =>
      args['isPalette']
        ? trans.__('Validate a REANA workflow…')
        : trans.__('Validate workflow'),
    caption: trans.__('Check a reana.yaml and show its errors and warnings'),
    describedBy: { args: pathArgs },
    isVisible: forAYamlFile,
    execute: async args => {
      const path = await pathFrom(args, trans.__('Validate a REANA workflow'));
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
}
