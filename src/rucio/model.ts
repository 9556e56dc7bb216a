/**
 * The model of the Data section (Rucio): the connection, the login form, the
 * search, the DID opened from the results, and the active notebook's
 * attachments. Views only read it and call its methods.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { RequestFunction } from '../api';
import { JobFollower, silentFollower } from '../components/jobs';
import { ServiceModel } from '../components/servicemodel';
import { HandshakeModel } from '../handshake';
import { AttachmentManager, IAttachableNotebook } from './attachmentmanager';
import { RucioClient } from './client';
import { ConnectionModel, IInstanceMemory } from './connectionmodel';
import { DIDModel } from './didmodel';
import { LoginModel } from './loginmodel';
import { SearchModel } from './searchmodel';
import { IRucioDID } from './types';

/**
 * The tabs of the Data section.
 */
export type DataTab = 'search' | 'notebook';

/**
 * The state of the Data section.
 */
export class DataModel extends ServiceModel {
  constructor(options: DataModel.IOptions) {
    super({ service: 'data', handshake: options.handshake });
    this.trans = options.trans ?? nullTranslator.load('vre_lab');
    this.client = new RucioClient(options.request);
    this.follow = options.follow ?? silentFollower(options.request);
    this.connection = new ConnectionModel({
      client: this.client,
      memory: options.memory
    });
    this.login = new LoginModel({ connection: this.connection });
    this.search = new SearchModel({
      connection: this.connection,
      pageSize: options.pageSize,
      trans: this.trans
    });
    this.attachments =
      options.attachments ??
      new AttachmentManager({
        client: this.client,
        follow: this.follow,
        trans: this.trans
      });
    this.connection.instanceChanged.connect(this._onInstanceChanged, this);
    this.attachments.changed.connect(this._onAttachmentsChanged, this);
    this.handshake.changed.connect(this._onHandshake, this);
    this._onHandshake();
  }

  readonly trans: TranslationBundle;
  readonly client: RucioClient;
  readonly follow: JobFollower;
  readonly connection: ConnectionModel;
  readonly login: LoginModel;
  readonly search: SearchModel;
  readonly attachments: AttachmentManager;

  /**
   * The tab shown.
   */
  get tab(): DataTab {
    return this._tab;
  }
  set tab(tab: DataTab) {
    if (tab !== this._tab) {
      this._tab = tab;
      this.stateChanged.emit();
    }
  }

  /**
   * The DID opened from the results, or null.
   */
  get opened(): DIDModel | null {
    return this._opened;
  }

  /**
   * The notebook "Add to notebook" adds to, and whose attachments the
   * Notebook tab lists, or null.
   */
  get notebook(): IAttachableNotebook | null {
    return this._notebook;
  }
  set notebook(notebook: IAttachableNotebook | null) {
    if (notebook !== this._notebook) {
      this._notebook = notebook;
      this.stateChanged.emit();
    }
  }

  /**
   * The active notebook was renamed: what names it shows again.
   */
  notebookRenamed(): void {
    this.stateChanged.emit();
  }

  /**
   * Start: ask for the instances and connect.
   */
  start(): Promise<void> {
    if (!this._started) {
      this._started = this.connection.load();
    }
    return this._started;
  }

  /**
   * Open a DID of the results in the detail view.
   */
  open(did: IRucioDID): DIDModel | null {
    const instance = this.connection.instance;
    if (!instance) {
      return null;
    }
    this._opened?.dispose();
    const model = new DIDModel({
      client: this.client,
      instance,
      did,
      follow: this.follow,
      trans: this.trans
    });
    this._opened = model;
    this.stateChanged.emit();
    void model.load();
    return model;
  }

  /**
   * Close the detail view, back to the results.
   */
  close(): void {
    if (this._opened) {
      this._opened.dispose();
      this._opened = null;
      this.stateChanged.emit();
    }
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.handshake.changed.disconnect(this._onHandshake, this);
    this._opened?.dispose();
    this.search.dispose();
    this.login.dispose();
    this.connection.dispose();
    super.dispose();
  }

  private _onHandshake(): void {
    if (this.handshakeState === 'ok') {
      void this.start();
    }
  }

  private _onInstanceChanged(): void {
    this.close();
  }

  private _onAttachmentsChanged(_: AttachmentManager, id: string): void {
    if (this._notebook?.id === id) {
      this.stateChanged.emit();
    }
  }

  private _notebook: IAttachableNotebook | null = null;
  private _opened: DIDModel | null = null;
  private _started: Promise<void> | null = null;
  private _tab: DataTab = 'search';
}

/**
 * The namespace for `DataModel` statics.
 */
export namespace DataModel {
  export interface IOptions {
    handshake: HandshakeModel;
    /** Calls the vre-lab REST API (`IVRELab.request`). */
    request: RequestFunction;
    /** Follows jobs (with notifications in the lab); silent by default. */
    follow?: JobFollower;
    /** Where the chosen instance is remembered. */
    memory?: IInstanceMemory | null;
    /** The attachments of every notebook (shared with the plugin). */
    attachments?: AttachmentManager;
    /** DIDs per page of search results. */
    pageSize?: number;
    trans?: TranslationBundle;
  }
}
