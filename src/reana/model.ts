/**
 * The model of the Workflows section (REANA and the local engine): the
 * server choice, the unfinished runs, the workflow list and the secrets.
 * Views only read it and call its methods.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { RequestFunction, unavailableRequest } from '../api';
import { JobFollower, silentFollower } from '../components/jobs';
import { ServiceModel } from '../components/servicemodel';
import { HandshakeModel } from '../handshake';
import { ReanaClient } from './client';
import { RunJobsModel } from './runjobsmodel';
import { RunLauncher, WorkflowOpener } from './runlauncher';
import { SecretsModel } from './secretsmodel';
import { IServerMemory, ServerModel } from './servermodel';
import { WorkflowWatcher } from './watcher';
import { WorkflowListModel } from './workflowlistmodel';

/**
 * The tabs of the Workflows section.
 */
export type WorkflowsTab = 'workflows' | 'secrets';

/**
 * The state of the Workflows section.
 */
export class WorkflowsModel extends ServiceModel {
  constructor(options: WorkflowsModel.IOptions) {
    super({ service: 'workflows', handshake: options.handshake });
    this.trans = options.trans ?? nullTranslator.load('vre_lab');
    this.enabled = options.request !== undefined;
    const request =
      options.request ??
      unavailableRequest(
        this.trans.__('The Workflows section has no connection to the server.')
      );
    this.client = new ReanaClient(request);
    this.follow = options.follow ?? silentFollower(request);
    this.watcher = new WorkflowWatcher();
    this.servers = new ServerModel({
      client: this.client,
      memory: options.memory,
      trans: this.trans
    });
    this.list = new WorkflowListModel({
      client: this.client,
      watcher: this.watcher,
      pageSize: options.pageSize,
      ...options.listOptions
    });
    this.runJobs = new RunJobsModel({ client: this.client });
    this.secrets = new SecretsModel({ client: this.client, trans: this.trans });
    this.launcher = new RunLauncher({
      client: this.client,
      jobs: this.runJobs,
      follow: this.follow,
      watcher: this.watcher,
      open: options.open ?? null,
      serverLabel: name => {
        const server = this.servers.find(name);
        return server ? server.display_name || server.name : name;
      },
      onStarted: () => {
        void this.list.refresh();
      },
      trans: this.trans
    });
    this.servers.changed.connect(this._onServersChanged, this);
    this.handshake.changed.connect(this._onHandshake, this);
    this._onHandshake();
  }

  readonly trans: TranslationBundle;

  /**
   * Whether the model can talk to the server (a request function was
   * given); without one the section only shows the service's status.
   */
  readonly enabled: boolean;

  readonly client: ReanaClient;
  readonly follow: JobFollower;
  readonly watcher: WorkflowWatcher;
  readonly servers: ServerModel;
  readonly list: WorkflowListModel;
  readonly runJobs: RunJobsModel;
  readonly secrets: SecretsModel;
  readonly launcher: RunLauncher;

  /**
   * The tab shown.
   */
  get tab(): WorkflowsTab {
    return this._tab;
  }
  set tab(tab: WorkflowsTab) {
    if (tab === 'secrets' && this.secrets.server === null) {
      tab = 'workflows';
    }
    if (tab !== this._tab) {
      this._tab = tab;
      if (tab === 'secrets') {
        void this.secrets.ensureLoaded();
      }
      this.stateChanged.emit();
    }
  }

  /**
   * Whether the section is in view (refreshes stand by while it is not).
   */
  set visible(visible: boolean) {
    this.list.visible = visible;
  }

  /**
   * Who opens a workflow's detail (the plugin, once the lab is there).
   */
  set open(open: WorkflowOpener | null) {
    this.launcher.open = open;
  }

  /**
   * Start: ask for the servers and the unfinished runs.
   */
  start(): Promise<void> {
    if (!this._started) {
      this._started = Promise.all([
        this.servers.load(),
        this.runJobs.load().catch(() => undefined)
      ]).then(() => undefined);
    }
    return this._started;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.handshake.changed.disconnect(this._onHandshake, this);
    this.list.dispose();
    this.runJobs.dispose();
    this.secrets.dispose();
    this.servers.dispose();
    this.watcher.dispose();
    super.dispose();
  }

  private _onHandshake(): void {
    if (this.enabled && this.handshakeState === 'ok') {
      void this.start();
    }
  }

  private _onServersChanged(): void {
    const servers = this.servers;
    const server = servers.server;
    const ready = servers.ready && server !== null;
    this.list.server = ready ? server.name : null;
    this.secrets.server = ready && server.kind === 'reana' ? server.name : null;
    if (this._tab === 'secrets') {
      if (this.secrets.server === null) {
        this._tab = 'workflows';
      } else {
        void this.secrets.ensureLoaded();
      }
    }
    this.stateChanged.emit();
  }

  private _started: Promise<void> | null = null;
  private _tab: WorkflowsTab = 'workflows';
}

/**
 * The namespace for `WorkflowsModel` statics.
 */
export namespace WorkflowsModel {
  export interface IOptions {
    handshake: HandshakeModel;
    /** Calls the vre-lab REST API (`IVRELab.request`). */
    request?: RequestFunction;
    /** Follows jobs (with notifications in the lab); silent by default. */
    follow?: JobFollower;
    /** Where the chosen server is remembered. */
    memory?: IServerMemory | null;
    /** Opens a workflow's detail. */
    open?: WorkflowOpener | null;
    /** Workflows per page (20). */
    pageSize?: number;
    /** Refresh timing of the list (tests). */
    listOptions?: Partial<
      Pick<
        WorkflowListModel.IOptions,
        'activeInterval' | 'maxInterval' | 'growth' | 'searchDelay'
      >
    >;
    trans?: TranslationBundle;
  }
}
