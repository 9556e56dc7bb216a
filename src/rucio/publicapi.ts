/**
 * The Data slice as other extensions see it (`IVREData`): a thin layer over
 * the panel's model.
 */
import { ISignal, Signal } from '@lumino/signaling';

import { IVREData, IVREDIDAttached, IVREDIDPaths } from '../tokens';
import { IAttached } from './attachmentmanager';
import { ensureAvailable } from './availability';
import { DataModel } from './model';
import { RucioMode } from './types';

/**
 * The public interface of the Data slice.
 */
export class DataAPI implements IVREData {
  constructor(options: DataAPI.IOptions) {
    this._model = options.model;
    this._show = options.show;
    this._model.attachments.attached.connect(this._onAttached, this);
  }

  get attached(): ISignal<this, IVREDIDAttached> {
    return this._attached;
  }

  async search(query?: string): Promise<void> {
    this._show(query);
  }

  async paths(
    did: string,
    options: { instance?: string; mode?: RucioMode } = {}
  ): Promise<IVREDIDPaths> {
    await this._model.start();
    const connection = this._model.connection;
    const name = options.instance ?? connection.instance?.name;
    const instance = connection.instances.find(i => i.name === name);
    if (!instance) {
      throw new Error(
        this._model.trans.__('No Rucio instance named %1.', name ?? '')
      );
    }
    const mode = options.mode ?? instance.default_mode;
    const paths = await ensureAvailable(
      this._model.client,
      { instance: instance.name, did, mode },
      { follow: this._model.follow, trans: this._model.trans }
    );
    return { ...paths, paths: [...paths.paths] };
  }

  private _onAttached(_: unknown, { notebook, attachment }: IAttached): void {
    this._attached.emit({
      notebook: notebook.path ?? notebook.title,
      ...attachment
    });
  }

  private _attached = new Signal<this, IVREDIDAttached>(this);
  private _model: DataModel;
  private _show: (query?: string) => void;
}

/**
 * The namespace for `DataAPI` statics.
 */
export namespace DataAPI {
  export interface IOptions {
    model: DataModel;
    /** Show the Data section, searching for `query` if given. */
    show: (query?: string) => void;
  }
}
