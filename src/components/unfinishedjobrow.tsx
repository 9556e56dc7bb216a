/**
 * One unfinished job in a list (an upload, a workflow run): its state, what
 * it is, where it goes, its progress or last message, and once it failed or
 * was interrupted, a button to resume it and one to drop what it left.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import { errorMessage, IJob } from '../api';
import { isRetryable, isTerminal } from './jobs';

/**
 * A button of the row.
 */
export interface IJobAction {
  label: string;
  title: string;
  onClick: () => void;
}

/**
 * The properties of `UnfinishedJobRow`.
 */
export interface IUnfinishedJobRowProps {
  job: IJob;
  trans: TranslationBundle;
  /** Whether an action on the job is on its way. */
  busy: boolean;
  /** What the job is about, for people. */
  name: string;
  /** The tooltip of the name (e.g. the paths). */
  nameTitle: string;
  /** The accessible name of the row. */
  label: string;
  /** Where the job goes (a repository, a server). */
  target: string;
  /** What to show when the job has no message of its own. */
  fallbackMessage?: string;
  resume: IJobAction;
  drop: IJobAction;
}

export function UnfinishedJobRow(
  props: IUnfinishedJobRowProps
): React.ReactElement {
  const { job, trans, busy, resume, drop } = props;
  const ended = isTerminal(job.state);
  const percent =
    typeof job.progress === 'number' && !ended
      ? `${Math.round(job.progress * 100)}% · `
      : '';
  const message = job.message || props.fallbackMessage;
  return (
    <li
      className="vre-RunJob"
      data-job={job.id}
      data-state={job.state}
      aria-label={props.label}
    >
      <div className="vre-RunJob-line">
        <span
          className={`vre-StatusBadge vre-mod-job-${job.state}`}
          data-status={job.state}
        >
          {jobStateLabel(job, trans)}
        </span>
        <span className="vre-RunJob-name" title={props.nameTitle}>
          {props.name}
        </span>
        <span className="vre-RunJob-server">{props.target}</span>
      </div>
      {message && (
        <div className="vre-RunJob-message" title={job.message}>
          {percent}
          {message}
        </div>
      )}
      {ended && isRetryable(job.state) && (
        <div className="vre-RunJob-actions">
          <Button
            small
            className="jp-mod-styled jp-mod-accept"
            disabled={busy}
            title={resume.title}
            onClick={resume.onClick}
          >
            {resume.label}
          </Button>
          <Button
            small
            className="jp-mod-styled jp-mod-warn"
            disabled={busy}
            title={drop.title}
            onClick={drop.onClick}
          >
            {drop.label}
          </Button>
        </div>
      )}
    </li>
  );
}

/**
 * Asks before an action that deletes something, then does it; a failure is
 * shown in a dialog.
 */
export async function confirmThenDo(options: {
  trans: TranslationBundle;
  title: string;
  body: string;
  accept: string;
  failure: string;
  action: () => Promise<unknown>;
}): Promise<void> {
  const { trans } = options;
  const answer = await showDialog({
    title: options.title,
    body: options.body,
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.warnButton({ label: options.accept })
    ]
  });
  if (!answer.button.accept) {
    return;
  }
  try {
    await options.action();
  } catch (error) {
    await showDialog({
      title: options.failure,
      body: errorMessage(error),
      buttons: [Dialog.okButton({ label: trans.__('Close') })]
    });
  }
}

function jobStateLabel(job: IJob, trans: TranslationBundle): string {
  switch (job.state) {
    case 'queued':
      return trans.__('waiting');
    case 'running':
      return trans.__('uploading');
    case 'interrupted':
      return trans.__('interrupted');
    case 'failed':
      return trans.__('failed');
    default:
      return job.state;
  }
}
