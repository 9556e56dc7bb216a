/**
 * The logs of one workflow: the engine's and each step's, loaded when the
 * Logs tab is shown and then by what they gained since (a cursor), kept to
 * a bounded size for the view.
 */
import { Model } from '../components/model';
import { errorMessage } from '../api';
import { ReanaClient } from './client';
import { LOG_VIEW_LIMIT, mergeLogs, nextCursor } from './logbuffer';
import { IWorkflowLogs } from './types';

/**
 * The model of one workflow's logs.
 */
export class WorkflowLogsModel extends Model {
  constructor(options: WorkflowLogsModel.IOptions) {
    super();
    this.client = options.client;
    this.server = options.server;
    this.id = options.id;
    this._limit = options.limit ?? LOG_VIEW_LIMIT;
  }

  readonly client: ReanaClient;
  readonly server: string;
  readonly id: string;

  /**
   * The logs, once loaded.
   */
  get value(): IWorkflowLogs | null {
    return this._logs;
  }

  /**
   * Why the logs could not be loaded, or an empty string.
   */
  get error(): string {
    return this._error;
  }

  /**
   * Load what the logs gained since the last load (all of their tails at
   * first). Loads run one after the other: each sends the cursor of the one
   * before, so no part is appended twice.
   */
  load(): Promise<void> {
    this._queue = this._queue.then(() => this._load());
    return this._queue;
  }

  private async _load(): Promise<void> {
    const since = this._cursor;
    try {
      const answer = await this.client.logs(this.server, this.id, since);
      this._logs = mergeLogs(since ? this._logs : null, answer, this._limit);
      this._cursor = nextCursor(answer);
      this._error = '';
    } catch (error) {
      this._cursor = ''; // whatever went wrong, the next load starts over
      this._error = errorMessage(error);
    }
    this.emitChanged();
  }

  private _cursor = '';
  private _error = '';
  private _limit: number;
  private _logs: IWorkflowLogs | null = null;
  private _queue: Promise<void> = Promise.resolve();
}

/**
 * The namespace for `WorkflowLogsModel` statics.
 */
export namespace WorkflowLogsModel {
  export interface IOptions {
    client: ReanaClient;
    server: string;
    id: string;
    /** Characters kept per log (`LOG_VIEW_LIMIT`, about 4 MB). */
    limit?: number;
  }
}
