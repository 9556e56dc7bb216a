/**
 * A workflow's status as a coloured badge, and its progress as a small bar
 * with "steps done/total".
 */
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { progressFraction } from './names';
import { IWorkflow, WorkflowStatus } from './types';

/**
 * The label of a status.
 */
export function statusLabel(
  status: WorkflowStatus | string,
  trans: TranslationBundle
): string {
  switch (status) {
    case 'created':
      return trans.__('created');
    case 'queued':
      return trans.__('queued');
    case 'pending':
      return trans.__('pending');
    case 'running':
      return trans.__('running');
    case 'finished':
      return trans.__('finished');
    case 'failed':
      return trans.__('failed');
    case 'stopped':
      return trans.__('stopped');
    case 'deleted':
      return trans.__('deleted');
    default:
      return status;
  }
}

/**
 * A status badge.
 */
export function StatusBadge(props: {
  status: WorkflowStatus | string;
  trans: TranslationBundle;
}): React.ReactElement {
  const { status, trans } = props;
  return (
    <span
      className={`vre-StatusBadge vre-mod-${status}`}
      data-status={status}
      title={statusLabel(status, trans)}
    >
      {statusLabel(status, trans)}
    </span>
  );
}

/**
 * A workflow's progress: a bar and "done/total".
 */
export function ProgressBar(props: {
  workflow: IWorkflow;
  trans: TranslationBundle;
}): React.ReactElement | null {
  const { workflow, trans } = props;
  const progress = workflow.progress;
  const fraction = progressFraction(workflow);
  if (fraction === null || !progress) {
    return null;
  }
  const label = trans.__(
    '%1 of %2 steps done',
    progress.finished,
    progress.total
  );
  return (
    <span className="vre-Progress" title={label}>
      <span
        className={`vre-Progress-track vre-mod-${workflow.status}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.finished}
      >
        <span
          className="vre-Progress-bar"
          style={{ width: `${Math.round(fraction * 100)}%` }}
        />
      </span>
      <span className="vre-Progress-text">
        {`${progress.finished}/${progress.total}`}
      </span>
    </span>
  );
}
