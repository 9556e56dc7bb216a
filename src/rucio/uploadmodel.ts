/**
 * The upload form: a workspace file, the instance, RSE and scope it goes
 * to, an optional dataset to attach it to, and an optional lifetime.
 */
import { RucioDestination } from './destination';
import { DestinationForm, IFormJob } from './destinationform';
import { IRucioUpload } from './types';

/**
 * Seconds in a day (the form asks for days, the API takes seconds).
 */
const DAY_SECONDS = 86400;

/**
 * The model of the upload form.
 */
export class UploadModel extends DestinationForm {
  constructor(options: UploadModel.IOptions) {
    super(options);
    this._path = options.path;
  }

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
   * What is wrong with the form, or null when it can be sent.
   */
  get problem(): string | null {
    const trans = this.trans;
    if (!this.path.trim()) {
      return trans.__('Choose a file.');
    }
    const destination = this.destination.problem;
    if (destination) {
      return destination;
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
      rse: this.destination.rse,
      scope: this.destination.scope
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
   * Upload the file.
   */
  protected job(): IFormJob {
    const instance = this.destination.instance;
    const upload = this.request();
    const trans = this.trans;
    return {
      start: () => this.destination.client.upload(instance, upload),
      messages: {
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
      }
    };
  }

  private _dataset = '';
  private _lifetimeDays = '';
  private _path: string;
}

/**
 * The namespace for `UploadModel` statics.
 */
export namespace UploadModel {
  export interface IOptions extends RucioDestination.IOptions {
    /** The file, relative to the server root. */
    path: string;
  }
}
