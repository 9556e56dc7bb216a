/**
 * Noticing, once, that a workflow this panel has seen unfinished has ended
 * (finished, failed or stopped). The list and the detail views feed it what
 * they load; it never asks the server anything itself.
 */
import { ISignal, Signal } from '@lumino/signaling';

import { Emitter } from '../components/model';
import { ENDED_STATUSES, IWorkflow, UNFINISHED_STATUSES } from './types';

/**
 * A workflow that ended, on its server.
 */
export interface IWorkflowEnded {
  server: string;
  workflow: IWorkflow;
}

/**
 * Remembers the workflows seen unfinished and tells when they end.
 */
export class WorkflowWatcher extends Emitter {
  /**
   * Emitted once per workflow seen unfinished, when it is seen ended.
   */
  get ended(): ISignal<this, IWorkflowEnded> {
    return this._ended;
  }

  /**
   * How many workflows are being watched.
   */
  get size(): number {
    return this._unfinished.size;
  }

  /**
   * Take note of a workflow's status on a server.
   */
  observe(server: string, workflow: IWorkflow): void {
    if (this.isDisposed || !workflow?.id) {
      return;
    }
    const key = `${server}\n${workflow.id}`;
    if (UNFINISHED_STATUSES.has(workflow.status)) {
      this._unfinished.add(key);
    } else if (this._unfinished.delete(key)) {
      if (ENDED_STATUSES.has(workflow.status)) {
        this._ended.emit({ server, workflow });
      }
    }
  }

  /**
   * Take note of many workflows at once (a page of the list).
   */
  observeAll(server: string, workflows: readonly IWorkflow[]): void {
    for (const workflow of workflows) {
      this.observe(server, workflow);
    }
  }

  /**
   * Watch a workflow known to be on its way (one this panel just started).
   */
  watch(server: string, id: string): void {
    if (!this.isDisposed && id) {
      this._unfinished.add(`${server}\n${id}`);
    }
  }

  dispose(): void {
    this._unfinished.clear();
    super.dispose();
  }

  private _ended = new Signal<this, IWorkflowEnded>(this);
  private _unfinished = new Set<string>();
}
