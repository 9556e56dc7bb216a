/**
 * The unfinished runs, at the top of the Workflows section: those still
 * uploading (with their progress), and those interrupted or failed, with
 * Resume and Clean up.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IJob } from '../api';
import {
  confirmThenDo,
  UnfinishedJobRow
} from '../components/unfinishedjobrow';
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
  return (
    <UnfinishedJobRow
      job={job}
      trans={trans}
      busy={model.isBusy(job.id)}
      name={name}
      nameTitle={params.path}
      label={trans.__('Run of %1', name)}
      target={props.serverLabel(params.server)}
      resume={{
        label: trans.__('Resume'),
        title: trans.__('Continue the run where it stopped'),
        onClick: () => void launcher.resume(job)
      }}
      drop={{
        label: trans.__('Clean up'),
        title: trans.__('Delete what the run created'),
        onClick: () =>
          void confirmThenDo({
            trans,
            title: trans.__('Clean up the run of %1?', name),
            body: trans.__(
              'The half-created workflow and its uploaded files are deleted, and the run is forgotten.'
            ),
            accept: trans.__('Clean up'),
            failure: trans.__('Clean-up failed'),
            action: () => launcher.cleanup(job)
          })
      }}
    />
  );
}
