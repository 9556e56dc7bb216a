/**
 * The upload form: a workspace file, the instance, RSE and scope it goes
 * to, an optional dataset to attach it to, and an optional lifetime.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { errorMessage, IJob } from '../api';
import { JobFollower } from '../components/jobs';
import { Model } from '../components/model';
import { RucioClient } from './client';
import { IRucioInstance, IRucioUpload } from './types';

/**
 * Seconds in a day (the form asks for days, the API takes seconds).
 */
const DAY_SECONDS = 86400;

/**
 * The model of the upload form.
 */
export class UploadModel extends Model {
  constructor(options: UploadModel.IOptions) {
    super();
    this.client = options.client;
    this._instances = options.instances;
    this._instance = options.instance ?? options.instances[0]?.name ?? '';
    this._path = options.path;
    this._trans = options.trans ?? nullTranslator.load('vre_lab');
  }

  readonly client: RucioClient;

  /**
   * Emitted whenever a value or the choices change.
   */
  /**
   * The file, relative to the server root.
   */
  get path(): string {
    return this._path;
  }
  set path(value: string) {
    this._path = value;
    this.emitChanged();
  }

  get instances(): readonly IRucioInstance[] {
    return this._instances;
  }

  get instance(): string {
    return this._instance;
  }

  get rses(): readonly string[] {
    return this._rses;
  }

  get scopes(): readonly string[] {
    return this._scopes;
  }

  /**
   * Whether the RSEs and scopes are on their way.
   */
  get loading(): boolean {
    return this._loading;
  }

  /**
   * Why the RSEs or scopes could not be loaded, or an empty string.
   */
  get loadError(): string {
    return this._loadError;
  }

  get rse(): string {
    return this._rse;
  }
  set rse(value: string) {
    this._rse = value;
    this.emitChanged();
  }

  get scope(): string {
    return this._scope;
  }
  set scope(value: string) {
    this._scope = value;
    this.emitChanged();
  }

  /**
   * A dataset to attach the file to (SCOPE:NAME or NAME), or empty.
   */
  get dataset(): string {
    return this._dataset;
  }
  set dataset(value: string) {
    this._dataset = value;
    this.emitChanged();
  }

  /**
   * How many days the replica is kept, or empty for ever.
   */
  get lifetimeDays(): string {
    return this._lifetimeDays;
  }
  set lifetimeDays(value: string) {
    this._lifetimeDays = value;
    this.emitChanged();
  }

  /**
   * Choose another instance and load its RSEs and scopes.
   */
  async setInstance(name: string): Promise<void> {
    this._instance = name;
    this.emitChanged();
    await this.load();
  }

  /**
   * Load the RSEs and scopes of the chosen instance.
   */
  async load(): Promise<void> {
    const instance = this._instance;
    if (!instance) {
      return;
    }
    this._loading = true;
    this._loadError = '';
    this.emitChanged();
    try {
      const [rses, scopes] = await Promise.all([
        this.client.rses(instance),
        this.client.scopes(instance)
      ]);
      if (instance !== this._instance) {
        return;
      }
      this._rses = rses;
      this._scopes = scopes;
      if (!rses.includes(this._rse)) {
        this._rse = rses[0] ?? '';
      }
      if (!scopes.includes(this._scope)) {
        this._scope =
          scopes.find(s => s.startsWith('user.')) ?? scopes[0] ?? '';
      }
    } catch (error) {
      if (instance !== this._instance) {
        return;
      }
      this._rses = [];
      this._scopes = [];
      this._loadError = errorMessage(error);
    } finally {
      if (instance === this._instance) {
        this._loading = false;
        this.emitChanged();
      }
    }
  }

  /**
   * What is wrong with the form, or null when it can be sent.
   */
  get problem(): string | null {
    const trans = this._trans;
    if (!this.path.trim()) {
      return trans.__('Choose a file.');
    }
    if (!this._instance) {
      return trans.__('Choose a Rucio instance.');
    }
    if (!this._rse) {
      return trans.__('Choose an RSE.');
    }
    if (!this._scope) {
      return trans.__('Choose a scope.');
    }
    const days = this._lifetimeDays.trim();
    if (days && !(/^\d+(\.\d+)?$/.test(days) && Number(days) > 0)) {
      return trans.__('The lifetime is a positive number of days.');
    }
    return null;
  }

  /**
   * What `POST upload` is sent.
   */
  request(): IRucioUpload {
    const upload: IRucioUpload = {
      path: this.path.trim().replace(/^\/+/, ''),
      rse: this._rse,
      scope: this._scope
    };
    const dataset = this._dataset.trim();
    if (dataset) {
      upload.dataset = dataset;
    }
    const days = this._lifetimeDays.trim();
    if (days) {
      upload.lifetime = Math.max(1, Math.round(Number(days) * DAY_SECONDS));
    }
    return upload;
  }

  /**
   * Start the upload and follow its job.
   *
   * @throws {Error} when the form is not complete
   */
  submit(follow: JobFollower): Promise<IJob> {
    const problem = this.problem;
    if (problem) {
      return Promise.reject(new Error(problem));
    }
    const instance = this._instance;
    const upload = this.request();
    const trans = this._trans;
    const retry = (): void => {
      void this.submit(follow).catch(() => undefined);
    };
    return follow(
      () => this.client.upload(instance, upload),
      {
        pending: trans.__('Uploading %1 to %2…', upload.path, upload.rse),
        success: job =>
          trans.__(
            'Uploaded %1 as %2 on %3.',
            upload.path,
            typeof job.result?.did === 'string'
              ? job.result.did
              : `${upload.scope}:${upload.path.split('/').pop()}`,
            upload.rse
          ),
        failure: job =>
          trans.__('Upload of %1 %2: %3', upload.path, job.state, job.message)
      },
      retry
    );
  }

  private _dataset = '';
  private _instance: string;
  private _instances: readonly IRucioInstance[];
  private _lifetimeDays = '';
  private _loadError = '';
  private _loading = false;
  private _path: string;
  private _rse = '';
  private _rses: string[] = [];
  private _scope = '';
  private _scopes: string[] = [];
  private _trans: TranslationBundle;
}

/**
 * The namespace for `UploadModel` statics.
 */
export namespace UploadModel {
  export interface IOptions {
    client: RucioClient;
    instances: readonly IRucioInstance[];
    /** The instance chosen first (default: the first). */
    instance?: string | null;
    /** The file, relative to the server root. */
    path: string;
    trans?: TranslationBundle;
  }
}
