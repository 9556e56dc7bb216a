/**
 * The unfinished runs, at the top of the Workflows section: those still
 * uploading (with their progress), and those interrupted or failed, with
 * Resume and Clean up.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { Button, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { errorMessage, IJob } from '../api';
import { isRetryable, isTerminal } from '../components/jobs';
import { runLabel } from './names';
import { RunJobsModel, runParams, runResult } from './runjobsmodel';
import { RunLauncher } from './runlauncher';

/**
 * The properties of `RunJobsView`.
 */
export interface IRunJobsViewProps {
  model: RunJobsModel;
  launcher: RunLauncher;
  trans: TranslationBundle;
  /** A server's name for people. */
  serverLabel: (name: string) => string;
}

/**
 * The unfinished runs; nothing when there are none.
 */
export function RunJobsView(props: IRunJobsViewProps): React.ReactElement {
  const { model, trans } = props;
  return (
    <UseSignal signal={model.changed}>
      {() =>
        model.jobs.length === 0 ? (
          <></>
        ) : (
          <section
            className="vre-RunJobs"
            aria-label={trans.__('Unfinished runs')}
            data-testid="vre-reana-run-jobs"
          >
            <h4 className="vre-DIDView-heading">
              {trans.__('Unfinished runs')}
            </h4>
            <ul className="vre-RunJobs-list">
              {model.jobs.map(job => (
                <RunJobRow key={job.id} job={job} {...props} />
              ))}
            </ul>
          </section>
        )
      }
    </UseSignal>
  );
}

function RunJobRow(
  props: IRunJobsViewProps & { job: IJob }
): React.ReactElement {
  const { job, model, launcher, trans } = props;
  const params = runParams(job);
  const result = runResult(job);
  const name = result.workflow_name
    ? runLabel({
        name: result.workflow_name,
        run_number: result.run_number ?? ''
      })
    : params.name || params.path;
  const busy = model.isBusy(job.id);
  const ended = isTerminal(job.state);
  const percent =
    typeof job.progress === 'number' ? Math.round(job.progress * 100) : null;
  return (
    <li
      className="vre-RunJob"
      data-job={job.id}
      data-state={job.state}
      aria-label={trans.__('Run of %1', name)}
    >
      <div className="vre-RunJob-line">
        <span
          className={`vre-StatusBadge vre-mod-job-${job.state}`}
          data-status={job.state}
        >
          {jobStateLabel(job, trans)}
        </span>
        <span className="vre-RunJob-name" title={params.path}>
          {name}
        </span>
        <span className="vre-RunJob-server">
          {props.serverLabel(params.server)}
        </span>
      </div>
      {job.message && (
        <div className="vre-RunJob-message" title={job.message}>
          {percent !== null && !ended ? `${percent}% · ` : ''}
          {job.message}
        </div>
      )}
      {ended && isRetryable(job.state) && (
        <div className="vre-RunJob-actions">
          <Button
            small
            className="jp-mod-styled jp-mod-accept"
            disabled={busy}
            title={trans.__('Continue the run where it stopped')}
            onClick={() => {
              void launcher.resume(job);
            }}
          >
            {trans.__('Resume')}
          </Button>
          <Button
            small
            className="jp-mod-styled"
            disabled={busy}
            title={trans.__('Delete what the run created')}
            onClick={() => {
              void cleanUp(props, job, name);
            }}
          >
            {trans.__('Clean up')}
          </Button>
        </div>
      )}
    </li>
  );
}

async function cleanUp(
  props: IRunJobsViewProps,
  job: IJob,
  name: string
): Promise<void> {
  const { launcher, trans } = props;
  const answer = await showDialog({
    title: trans.__('Clean up the run of %1?', name),
    body: trans.__(
      'The half-created workflow and its uploaded files are deleted, and the run is forgotten.'
    ),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.warnButton({ label: trans.__('Clean up') })
    ]
  });
  if (!answer.button.accept) {
    return;
  }
  try {
    await launcher.cleanup(job);
  } catch (error) {
    await showDialog({
      title: trans.__('Clean-up failed'),
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
