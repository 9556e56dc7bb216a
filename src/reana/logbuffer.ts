/**
 * The logs as the Logs tab keeps them: the route answers only what each log
 * gained since its last `cursor`, appended here; each log keeps at most a
 * limit of characters, its oldest lines dropped behind one marker line.
 */
import { IStepLog, IWorkflowLogs } from './types';

/**
 * Characters kept per log in the view (about 4 MB of text).
 */
export const LOG_VIEW_LIMIT = 4 * 1024 * 1024;

/**
 * The longest cursor the server sends back as `since` (its OpenAPI limit).
 */
export const MAX_CURSOR = 8192;

/**
 * The first line of a log whose oldest lines were dropped from the view.
 */
export const DROPPED_MARKER =
  '[… earlier lines are dropped from this view; the whole log is in the workspace or on the server …]\n';

/**
 * `kept` followed by `part`, cut to `limit` characters at a line start when
 * one is near.
 */
export function appendLog(
  kept: string,
  part: string,
  limit = LOG_VIEW_LIMIT
): string {
  const text = kept + part;
  if (text.length <= limit) {
    return text;
  }
  const body = text.startsWith(DROPPED_MARKER)
    ? text.slice(DROPPED_MARKER.length)
    : text;
  let cut = Math.max(
    0,
    body.length - Math.max(0, limit - DROPPED_MARKER.length)
  );
  const newline = body.indexOf('\n', cut);
  if (newline >= 0 && newline < body.length - 1 && newline - cut < 4096) {
    cut = newline + 1;
  }
  return DROPPED_MARKER + body.slice(cut);
}

/**
 * The logs after an answer: a log the answer continues gets its new part
 * appended, any other one is replaced (a first answer, a log that started
 * again).
 */
export function mergeLogs(
  previous: IWorkflowLogs | null,
  answer: Partial<IWorkflowLogs> | null | undefined,
  limit = LOG_VIEW_LIMIT
): IWorkflowLogs {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const before = new Map<string, string>(
    (previous?.steps ?? []).map(step => [step.id, step.log])
  );
  const steps: IStepLog[] = Array.isArray(answer?.steps) ? answer.steps : [];
  return {
    workflow_log: appendLog(
      previous && answer?.workflow_log_continued ? previous.workflow_log : '',
      text(answer?.workflow_log),
      limit
    ),
    steps: steps.map(step => ({
      ...step,
      log: appendLog(
        step.log_continued ? (before.get(step.id) ?? '') : '',
        text(step.log),
        limit
      )
    }))
  };
}

/**
 * The cursor to send as `since` next, or an empty string to start over.
 */
export function nextCursor(answer: Partial<IWorkflowLogs> | null): string {
  const cursor = answer?.cursor;
  return typeof cursor === 'string' && cursor.length <= MAX_CURSOR
    ? cursor
    : '';
}
