/**
 * Workflow names and small formatting helpers of the Workflows panel.
 */
import { PathExt } from '@jupyterlab/coreutils';

import { IWorkflow } from './types';

/**
 * What REANA accepts as a workflow name: letters, digits, `_` and `-`,
 * starting with a letter or digit (no dots: REANA writes runs `NAME.RUN`).
 */
export const WORKFLOW_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/**
 * What a workflow's notifications are about: the notification that it ended
 * replaces the one that said it is running.
 */
export function runNotificationKey(server: string, id: string): string {
  return `vre-lab:workflow:${server}:${id}`;
}

/**
 * Whether a name is a valid workflow name.
 */
export function isValidWorkflowName(name: string): boolean {
  return WORKFLOW_NAME_PATTERN.test(name);
}

/**
 * A valid workflow name made of any text (`''` when nothing is left).
 */
export function sanitizeWorkflowName(text: string): string {
  return text
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '')
    .replace(/-+$/, '')
    .slice(0, 100);
}

/**
 * The name a run of `path` gets by default: the file's stem, or its
 * folder's name when the file is called `reana*.yaml` (`analysis/reana.yaml`
 * is `analysis`), or `workflow`.
 */
export function defaultWorkflowName(path: string): string {
  const stem = PathExt.basename(path).replace(/\.ya?ml$/i, '');
  const folder = PathExt.basename(PathExt.dirname(path));
  const candidates = /^reana(?:[-_.].*)?$/i.test(stem)
    ? [folder, stem]
    : [stem, folder];
  for (const candidate of candidates) {
    const name = sanitizeWorkflowName(candidate);
    if (name) {
      return name;
    }
  }
  return 'workflow';
}

/**
 * Whether a path names a YAML file.
 */
export function isYamlPath(path: string | null | undefined): boolean {
  return typeof path === 'string' && /\.ya?ml$/i.test(path);
}

/**
 * `name.run_number`, as REANA shows a run.
 */
export function runLabel(
  workflow: Pick<IWorkflow, 'name' | 'run_number'>
): string {
  const run = workflow.run_number;
  return run === null || run === undefined || run === ''
    ? workflow.name
    : `${workflow.name}.${run}`;
}

/**
 * A duration in seconds as `1h 02m`, `3m 05s` or `12s`.
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    return '';
  }
  if (seconds < 10 && !Number.isInteger(seconds)) {
    // a short run reads as what it took, not as 0 s
    return `${seconds.toFixed(1)}s`;
  }
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  const pad = (value: number): string => String(value).padStart(2, '0');
  if (hours > 0) {
    return `${hours}h ${pad(minutes)}m`;
  }
  if (minutes > 0) {
    return `${minutes}m ${pad(secs)}s`;
  }
  return `${secs}s`;
}

/**
 * An ISO 8601 time as the user's local date and time, or `''`; with
 * `seconds`, to the second (so that a start and an end read as far apart as
 * the duration says).
 */
export function formatTime(
  iso: string | null | undefined,
  options: { seconds?: boolean; short?: boolean } = {}
): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  if (options.short) {
    // the time of a day this year, the date of another
    const now = new Date();
    const today = date.toDateString() === now.toDateString();
    return date.toLocaleString(
      undefined,
      today
        ? { hour: '2-digit', minute: '2-digit' }
        : date.getFullYear() === now.getFullYear()
          ? { month: 'short', day: 'numeric' }
          : { year: 'numeric', month: 'short', day: 'numeric' }
    );
  }
  return date.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(options.seconds ? { second: '2-digit' } : {})
  });
}

/**
 * The fraction (0 to 1) of a workflow's steps that are done, or null.
 */
export function progressFraction(workflow: IWorkflow): number | null {
  const progress = workflow.progress;
  if (!progress || !progress.total) {
    return workflow.status === 'finished' ? 1 : null;
  }
  return Math.min(1, Math.max(0, progress.finished / progress.total));
}
