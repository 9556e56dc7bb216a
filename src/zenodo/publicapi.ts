/**
 * The Publishing slice as other extensions see it (`IVREPublish`): the
 * publish form, and the records published from it.
 */
import { CommandRegistry } from '@lumino/commands';
import { ISignal, Signal } from '@lumino/signaling';

import { IVREPublish, IVRERecordPublished } from '../tokens';
import { IPublished } from './types';

/**
 * The part of a publish form this API watches.
 */
export interface IWatchedForm {
  readonly changed: ISignal<unknown, void>;
  readonly repository: string | null;
  readonly published: IPublished | null;
}

/**
 * The public interface of the Publishing slice.
 */
export class PublishAPI implements IVREPublish {
  constructor(options: PublishAPI.IOptions) {
    this._commands = options.commands;
    this._publishCommand = options.publishCommand;
  }

  get published(): ISignal<this, IVRERecordPublished> {
    return this._published;
  }

  async openForm(paths: string[]): Promise<void> {
    await this._commands.execute(this._publishCommand, { paths });
  }

  /**
   * Watch a form the plugin opened: its publication is emitted once.
   */
  watch(form: IWatchedForm): void {
    let told = false;
    form.changed.connect(() => {
      const record = form.published;
      if (told || !record) {
        return;
      }
      told = true;
      this._published.emit({
        repository: form.repository ?? '',
        id: record.id,
        doi: record.doi ?? '',
        url: record.html ?? record.doi_url ?? ''
      });
    });
  }

  private _commands: CommandRegistry;
  private _publishCommand: string;
  private _published = new Signal<this, IVRERecordPublished>(this);
}

/**
 * The namespace for `PublishAPI` statics.
 */
export namespace PublishAPI {
  export interface IOptions {
    commands: CommandRegistry;
    /** The command opening the form, with `{paths}`. */
    publishCommand: string;
  }
}
