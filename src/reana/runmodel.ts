/**
 * The run form: which reana.yaml, the workflow's name, its parameters
 * (prefilled from the validation, or from the workflow re-run), and where
 * it runs. Validation errors, a bad name or a parameter that is not a
 * number where one is expected block the run.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { Model, Submission } from '../components/model';
import { ReanaClient } from './client';
import { defaultWorkflowName, isValidWorkflowName } from './names';
import { IRucioInput, RucioInputs } from './rucioinputs';
import { IReanaServer, IRunRequest, IValidation } from './types';

/**
 * One input parameter in the form. Its value is edited as text; `number`
 * parameters are sent as numbers.
 */
export interface IRunParameter {
  name: string;
  value: string;
  type: 'string' | 'number';
}

/**
 * The model of the run form.
 */
export class RunModel extends Model {
  constructor(options: RunModel.IOptions) {
    super();
    this.client = options.client;
    this.servers = options.servers;
    this._trans = options.trans ?? nullTranslator.load('vre_lab');
    this._path = options.path;
    this._server =
      options.server && options.servers.some(s => s.name === options.server)
        ? options.server
        : (options.servers[0]?.name ?? '');
    this._name = options.name ?? defaultWorkflowName(options.path);
    this._nameTouched = options.name !== undefined;
    for (const [name, value] of Object.entries(options.parameters ?? {})) {
      this._parameters.push(toParameter(name, value));
    }
    this.rucio = new RucioInputs(options.rucioInputs);
    this.rucio.changed.connect(this.emitChanged, this);
  }

  readonly client: ReanaClient;

  /**
   * The DIDs offered to this run, and the parameters they are bound to.
   */
  readonly rucio: RucioInputs;

  /**
   * The servers the workflow can run on.
   */
  readonly servers: readonly IReanaServer[];

  /**
   * The reana.yaml, relative to the server root.
   */
  get path(): string {
    return this._path;
  }
  set path(path: string) {
    if (path === this._path) {
      return;
    }
    this._path = path;
    if (!this._nameTouched) {
      this._name = defaultWorkflowName(path);
    }
    this._validation = null;
    this.emitChanged();
  }

  get name(): string {
    return this._name;
  }
  set name(name: string) {
    this._name = name;
    this._nameTouched = true;
    this.emitChanged();
  }

  /**
   * The server the workflow runs on.
   */
  get server(): string {
    return this._server;
  }
  set server(server: string) {
    if (this.servers.some(s => s.name === server)) {
      this._server = server;
      this.emitChanged();
    }
  }

  /**
   * The input parameters, in the order of the reana.yaml.
   */
  get parameters(): readonly IRunParameter[] {
    return this._parameters;
  }

  /**
   * Change a parameter's value.
   */
  setParameter(name: string, value: string): void {
    const parameter = this._parameters.find(p => p.name === name);
    if (parameter) {
      parameter.value = value;
      this.emitChanged();
    }
  }

  /**
   * The last validation, or null.
   */
  get validation(): IValidation | null {
    return this._validation;
  }

  /**
   * Whether the validation is on its way.
   */
  get validating(): boolean {
    return this._validating.busy;
  }

  /**
   * Why the validation could not be done, or an empty string.
   */
  get validationError(): string {
    return this._validating.error;
  }

  /**
   * The validation's errors (which block the run).
   */
  get errors(): number {
    return (
      this._validation?.issues.filter(i => i.severity === 'error').length ?? 0
    );
  }

  /**
   * Why the workflow cannot run yet, or null when it can.
   */
  get problem(): string | null {
    const trans = this._trans;
    if (!this._path.trim()) {
      return trans.__('Choose a reana.yaml.');
    }
    if (this._validating.busy) {
      return trans.__('Validating…');
    }
    if (this._validating.error) {
      return this._validating.error;
    }
    if (!this._validation) {
      return trans.__('The workflow has not been validated yet.');
    }
    const missing = this._validation.issues.filter(
      i => i.severity === 'error' && i.run_only
    ).length;
    if (missing > 0 && missing === this.errors) {
      return trans._n(
        'An input is missing: see how to make it above.',
        '%1 inputs are missing: see how to make them above.',
        missing
      );
    }
    if (this.errors > 0 || !this._validation.valid) {
      return trans._n(
        'Fix the error in the reana.yaml first.',
        'Fix the %1 errors in the reana.yaml first.',
        Math.max(1, this.errors)
      );
    }
    if (!this._server) {
      return trans.__('Choose where to run the workflow.');
    }
    if (!isValidWorkflowName(this._name)) {
      return trans.__(
        'The name may hold letters, digits, "_" and "-", and must start with a letter or digit.'
      );
    }
    const bad = this._parameters.find(
      p =>
        p.type === 'number' &&
        !isNumber(p.value) &&
        this.rucio.boundTo(p.name) === null
    );
    if (bad) {
      return trans.__('Parameter %1 must be a number.', bad.name);
    }
    return null;
  }

  /**
   * Whether the workflow can run.
   */
  get canRun(): boolean {
    return this.problem === null;
  }

  /**
   * Validate the reana.yaml; parameters it declares that the form does not
   * have yet are added with their defaults.
   */
  async validate(): Promise<IValidation | null> {
    const path = this._path.trim();
    if (!path) {
      return null;
    }
    const stale = (): boolean => path !== this._path.trim() || this.isDisposed;
    let validation: IValidation | null = null;
    await this._validating.run(
      async () => {
        validation = await this.client.validate(path);
        if (stale()) {
          return;
        }
        this._validation = validation;
        for (const [name, value] of Object.entries(
          validation.parameters ?? {}
        )) {
          if (!this._parameters.some(p => p.name === name)) {
            this._parameters.push(toParameter(name, value));
          }
        }
      },
      { stale }
    );
    if (this._validating.error) {
      this._validation = null;
    }
    return validation;
  }

  /**
   * What `POST reana/servers/{s}/runs` is sent.
   *
   * @throws {Error} when the form has a problem
   */
  request(): IRunRequest {
    const problem = this.problem;
    if (problem !== null) {
      throw new Error(problem);
    }
    const parameters: Record<string, string | number> = {};
    for (const parameter of this._parameters) {
      if (this.rucio.boundTo(parameter.name) !== null) {
        continue; // the server sets it: the DID's path here, the DID on REANA
      }
      parameters[parameter.name] =
        parameter.type === 'number'
          ? Number(parameter.value.trim())
          : parameter.value;
    }
    const request: IRunRequest = { path: this._path.trim(), name: this._name };
    if (Object.keys(parameters).length) {
      request.parameters = parameters;
    }
    const bound = this.rucio.request();
    if (bound.length) {
      request.rucio_inputs = bound;
    }
    return request;
  }

  private _name: string;
  private _nameTouched: boolean;
  private _parameters: IRunParameter[] = [];
  private _path: string;
  private _server: string;
  private _trans: TranslationBundle;
  private _validating = new Submission(() => this.emitChanged());
  private _validation: IValidation | null = null;
}

/**
 * The namespace for `RunModel` statics.
 */
export namespace RunModel {
  export interface IOptions {
    client: ReanaClient;
    /** The reana.yaml, relative to the server root. */
    path: string;
    /** The servers to choose from (`local` included, if wanted). */
    servers: readonly IReanaServer[];
    /** The server chosen first. */
    server?: string | null;
    /** The name; by default from the file or folder. */
    name?: string;
    /** Parameter values (a re-run's); the validation adds the others. */
    parameters?: Record<string, unknown>;
    /** DIDs offered as inputs (picked in the Data section). */
    rucioInputs?: readonly IRucioInput[];
    trans?: TranslationBundle;
  }
}

function toParameter(name: string, value: unknown): IRunParameter {
  if (typeof value === 'number') {
    return { name, value: String(value), type: 'number' };
  }
  if (value === null || value === undefined) {
    return { name, value: '', type: 'string' };
  }
  return {
    name,
    value: typeof value === 'string' ? value : JSON.stringify(value),
    type: 'string'
  };
}

function isNumber(text: string): boolean {
  return text.trim() !== '' && Number.isFinite(Number(text.trim()));
}
