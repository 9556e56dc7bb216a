/**
 * The Workflows slice as other extensions see it (`IVREWorkflows`): its
 * commands, and the runs the panel saw end.
 */
import { CommandRegistry } from '@lumino/commands';
import { ISignal, Signal } from '@lumino/signaling';

import { IVREWorkflowEnded, IVREWorkflows } from '../tokens';
import { IWorkflowEnded, WorkflowWatcher } from './watcher';

/**
 * The public interface of the Workflows slice.
 */
export class WorkflowsAPI implements IVREWorkflows {
  constructor(options: WorkflowsAPI.IOptions) {
    this._commands = options.commands;
    this._ids = options.commandIds;
    options.watcher.ended.connect(this._onEnded, this);
  }

  get ended(): ISignal<this, IVREWorkflowEnded> {
    return this._ended;
  }

  async validate(path: string): Promise<void> {
    await this._commands.execute(this._ids.validate, { path });
  }

  async open(server: string, workflow: string): Promise<void> {
    await this._commands.execute(this._ids.openWorkflow, {
      server,
      id: workflow
    });
  }

  private _onEnded(_: unknown, { server, workflow }: IWorkflowEnded): void {
    this._ended.emit({
      server,
      workflow: workflow.id,
      name: workflow.name,
      runNumber: String(workflow.run_number),
      status: workflow.status
    });
  }

  private _commands: CommandRegistry;
  private _ended = new Signal<this, IVREWorkflowEnded>(this);
  private _ids: WorkflowsAPI.ICommandIds;
}

/**
 * The namespace for `WorkflowsAPI` statics.
 */
export namespace WorkflowsAPI {
  export interface ICommandIds {
    validate: string;
    openWorkflow: string;
  }

  export interface IOptions {
    commands: CommandRegistry;
    commandIds: ICommandIds;
    watcher: WorkflowWatcher;
  }
}
