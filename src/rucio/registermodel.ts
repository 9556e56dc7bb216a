/**
 * The "Register outputs in Rucio" form: which of a finished run's outputs,
 * the instance, RSE and scope they go to, and the dataset (named after the
 * run until the user edits it).
 */
import { IRegisterOutputsArgs } from '../tokens';
import { RucioDestination } from './destination';
import { DestinationForm, IFormJob } from './destinationform';
import { IRucioRegistration } from './types';

/**
 * `text` with what Rucio's generic schema refuses in a name replaced by `_`
 * (as the server names the files).
 */
export function rucioName(text: string): string {
  const cleaned = text
    .replace(/[^A-Za-z0-9._\-/]/g, '_')
    .replace(/^\/+|\/+$/g, '');
  return /^[A-Za-z0-9]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

/**
 * The model of the registration form.
 */
export class RegisterModel extends DestinationForm {
  constructor(options: RegisterModel.IOptions) {
    super({ ...options, preferDestinationRse: true });
    this.run = options.run;
    this._chosen = new Set(options.run.outputs);
  }

  /**
   * The run whose outputs are registered.
   */
  readonly run: IRegisterOutputsArgs;

  /**
   * The run's label, NAME.RUN.
   */
  get label(): string {
    return `${this.run.name}.${this.run.runNumber}`.replace(/^\.|\.$/g, '');
  }

  /**
   * The dataset, SCOPE:NAME; `SCOPE:NAME.RUN` until the user edits it.
   */
  get dataset(): string {
    return (
      this._dataset ?? `${this.destination.scope}:${rucioName(this.label)}`
    );
  }
  set dataset(value: string) {
    this._dataset = value;
    this.emitChanged();
  }

  /**
   * Whether a declared output is among those registered.
   */
  isChosen(output: string): boolean {
    return this._chosen.has(output);
  }

  toggle(output: string, chosen: boolean): void {
    if (chosen) {
      this._chosen.add(output);
    } else {
      this._chosen.delete(output);
    }
    this.emitChanged();
  }

  /**
   * What is wrong with the form, or null when it can be sent.
   */
  get problem(): string | null {
    const trans = this.trans;
    if (this.run.outputs.length > 0 && this._chosen.size === 0) {
      return trans.__('Choose at least one output.');
    }
    const destination = this.destination.problem;
    if (destination) {
      return destination;
    }
    if (
      !/^([A-Za-z0-9_.-]+:)?[A-Za-z0-9][A-Za-z0-9_.\-/]*$/.test(
        this.dataset.trim()
      )
    ) {
      return trans.__(
        'The dataset is SCOPE:NAME or NAME: letters, digits, ".", "_", "-" and "/".'
      );
    }
    return null;
  }

  /**
   * What `POST registrations` is sent.
   */
  request(): IRucioRegistration {
    const request: IRucioRegistration = {
      server: this.run.server,
      workflow: this.run.workflow,
      scope: this.destination.scope,
      rse: this.destination.rse,
      dataset: this.dataset.trim()
    };
    const chosen = this.run.outputs.filter(o => this._chosen.has(o));
    if (chosen.length < this.run.outputs.length) {
      request.files = chosen;
    }
    return request;
  }

  /**
   * Register the chosen outputs in the dataset.
   */
  protected job(): IFormJob {
    const instance = this.destination.instance;
    const request = this.request();
    const trans = this.trans;
    return {
      start: () => this.destination.client.register(instance, request),
      messages: {
        pending: trans.__(
          'Registering the outputs of %1 in %2…',
          this.label,
          request.dataset ?? ''
        ),
        success: job =>
          trans._n(
            'Registered %1 file of %2 in %3 on %4.',
            'Registered %1 files of %2 in %3 on %4.',
            Array.isArray(job.result?.files) ? job.result.files.length : 0,
            this.label,
            typeof job.result?.dataset === 'string'
              ? job.result.dataset
              : (request.dataset ?? ''),
            request.rse ?? ''
          ),
        failure: job =>
          trans.__(
            'Registering the outputs of %1 %2: %3',
            this.label,
            job.state,
            job.message
          )
      }
    };
  }

  private _chosen: Set<string>;
  private _dataset: string | null = null;
}

/**
 * The namespace for `RegisterModel` statics.
 */
export namespace RegisterModel {
  export interface IOptions extends Omit<
    RucioDestination.IOptions,
    'preferDestinationRse'
  > {
    run: IRegisterOutputsArgs;
  }
}
