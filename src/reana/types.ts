/**
 * The shapes of the `reana/...` routes of the vre-lab REST API
 * (docs/workflows.md).
 */

/**
 * Where a server's token comes from (never its value); `null`: the user
 * must enter one.
 */
export type TokenSource = 'config' | 'file' | 'env' | 'user' | null;

/**
 * A place where workflows run: `local` (the local engine) or a REANA server.
 */
export interface IReanaServer {
  name: string;
  display_name: string;
  kind: 'reana' | 'local';
  url: string | null;
  token: TokenSource;
  description: string;
}

/**
 * The answer of `GET reana/servers`.
 */
export interface IReanaServers {
  servers: IReanaServer[];
  /** The server terminals are given. */
  selected: string | null;
}

/**
 * The answer of `GET reana/servers/{s}/whoami` (and of `PUT .../token`).
 */
export interface IReanaWhoami {
  server: string;
  user: {
    email: string | null;
    full_name: string | null;
    username: string | null;
  };
}

/**
 * REANA's workflow statuses.
 */
export type WorkflowStatus =
  | 'created'
  | 'queued'
  | 'pending'
  | 'running'
  | 'finished'
  | 'failed'
  | 'stopped'
  | 'deleted';

/**
 * Every status, in the order the filter shows them.
 */
export const WORKFLOW_STATUSES: readonly WorkflowStatus[] = [
  'created',
  'queued',
  'pending',
  'running',
  'finished',
  'failed',
  'stopped',
  'deleted'
];

/**
 * The statuses of a workflow that is on its way: the list refreshes quickly
 * while one is shown, the detail follows its logs.
 */
export const ACTIVE_STATUSES: ReadonlySet<WorkflowStatus> =
  new Set<WorkflowStatus>(['queued', 'pending', 'running']);

/**
 * The statuses of a workflow that has not ended yet (`created` included:
 * a run being uploaded).
 */
export const UNFINISHED_STATUSES: ReadonlySet<WorkflowStatus> =
  new Set<WorkflowStatus>(['created', 'queued', 'pending', 'running']);

/**
 * The statuses in which a workflow has ended, worth a notification.
 */
export const ENDED_STATUSES: ReadonlySet<WorkflowStatus> =
  new Set<WorkflowStatus>(['finished', 'failed', 'stopped']);

/**
 * Whether a workflow is on its way (queued, pending or running).
 */
export function isActive(status: string | null | undefined): boolean {
  return ACTIVE_STATUSES.has(status as WorkflowStatus);
}

/**
 * How far a workflow's steps are.
 */
export interface IWorkflowProgress {
  total: number;
  finished: number;
  failed: number;
  running: number;
}

/**
 * A workflow as the list shows it.
 */
export interface IWorkflow {
  id: string;
  name: string;
  run_number: number | string;
  status: WorkflowStatus;
  created: string | null;
  started: string | null;
  finished: string | null;
  duration_seconds: number | null;
  progress: IWorkflowProgress | null;
  size_bytes: number | null;
  server: string;
}

/**
 * A workflow with its parameters and specification.
 */
export interface IWorkflowDetail extends IWorkflow {
  parameters: Record<string, unknown>;
  specification: Record<string, unknown> | null;
  /** For local runs: the folder under the server root, to open files. */
  workspace_path: string | null;
  engine_note: string | null;
  /** The outputs the specification declares, as workspace names. */
  outputs?: string[];
  /** The declared outputs a run that ended did not leave (nothing to open). */
  missing_outputs?: string[];
  /** Why a failed run failed. */
  failure?: IWorkflowFailure | null;
}

/**
 * Why a run failed: the sentence its workflow log has, the step, and the
 * last lines of that step's log.
 */
export interface IWorkflowFailure {
  message: string;
  step: string | null;
  log_tail: string;
}

/**
 * How the list is sorted: newest (`desc`) or oldest (`asc`) first.
 */
export type WorkflowSort = 'desc' | 'asc';

/**
 * One page of a listing with a total (`page` is 1-based).
 */
export interface IPageAnswer<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
}

/**
 * What the workflow list asks for.
 */
export interface IWorkflowQuery {
  status?: readonly WorkflowStatus[];
  search?: string;
  sort?: WorkflowSort;
  page?: number;
  size?: number;
}

/**
 * The log of one step (one job) of a workflow.
 */
export interface IStepLog {
  id: string;
  name: string;
  status: string;
  started: string | null;
  finished: string | null;
  log: string;
  /** Whether `log` follows what the `since` answer gave (else it replaces it). */
  log_continued?: boolean;
  /** A step of several commands run one job each: this job's command, from 1. */
  command_number?: number;
  /** How many commands the step has (with `command_number`). */
  command_count?: number;
}

/**
 * The answer of `GET .../logs`.
 */
export interface IWorkflowLogs {
  workflow_log: string;
  /** Whether `workflow_log` follows what the `since` answer gave. */
  workflow_log_continued?: boolean;
  steps: IStepLog[];
  /** Pass it as `since` to get only what the logs gain after this answer. */
  cursor?: string;
}

/**
 * A file of a workflow's workspace.
 */
export interface IWorkspaceFile {
  name: string;
  size: number | null;
  last_modified: string | null;
}

/**
 * What `POST .../download` fetches into the lab's file tree.
 */
export interface IDownloadRequest {
  files?: string[];
  outputs?: true;
  /** A folder relative to the server root; the server chooses without it. */
  destination?: string;
}

/**
 * A problem found in a reana.yaml.
 */
export interface IValidationIssue {
  severity: 'error' | 'warning';
  message: string;
  /** 1-based, or null. */
  line: number | null;
  /** 1-based, or null. */
  column: number | null;
  /** A dotted path such as `workflow.specification.steps.0.commands`. */
  key: string | null;
  /**
   * The file the line is in, relative to the reana.yaml's folder (a
   * workflow, step or parameter file it names); null: the reana.yaml.
   */
  file?: string | null;
  /**
   * An error that keeps a run from starting here (a missing input file),
   * though reana-client's validate passes the file.
   */
  run_only?: boolean;
}

/**
 * The answer of `POST reana/validate`.
 */
export interface IValidation {
  /** No error: a run can start. */
  valid: boolean;
  /** What reana-client's validate says (it does not look at input files). */
  reana_valid?: boolean;
  issues: IValidationIssue[];
  /** The input parameters with their defaults. */
  parameters: Record<string, unknown>;
  specification: Record<string, unknown> | null;
  workflow_type: string | null;
}

/**
 * What `POST reana/servers/{s}/runs` starts.
 */
export interface IRunRequest {
  path: string;
  name?: string;
  parameters?: Record<string, string | number>;
  /** DIDs bound to parameters (see rucioinputs.ts). */
  rucio_inputs?: import('./rucioinputs').IRucioInputRequest[];
}

/**
 * The params of a `reana-run` job.
 */
export interface IRunParams {
  server: string;
  path: string;
  name: string | null;
  parameters: Record<string, unknown> | null;
}

/**
 * The result of a `reana-download` job, both relative to the server root.
 */
export interface IDownloadResult {
  destination?: string;
  files?: string[];
}

/**
 * The result of a `reana-run` job, once the workflow exists.
 */
export interface IRunResult {
  workflow_id?: string;
  /** The bare name (`runResult` drops the `.RUN` the server adds). */
  workflow_name?: string;
  run_number?: number | string;
}

/**
 * A secret of a REANA user (never its value).
 */
export interface IReanaSecret {
  name: string;
  type: SecretType | string;
}

/**
 * What `POST .../secrets` adds: a value, or a file of the lab's tree.
 */
export interface ISecretRequest {
  name: string;
  value?: string;
  path?: string;
  /** `env` (an environment variable) or `file` (mounted as a file). */
  type?: SecretType;
  overwrite?: boolean;
}

/**
 * How a secret reaches the workflow's jobs.
 */
export type SecretType = 'env' | 'file';

/**
 * The kind of the jobs that start runs.
 */
export const RUN_JOB_KIND = 'reana-run';

/**
 * The kind of the jobs that download workspace files.
 */
export const DOWNLOAD_JOB_KIND = 'reana-download';

/**
 * The name of the local engine's server.
 */
export const LOCAL_SERVER = 'local';
