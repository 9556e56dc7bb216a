/**
 * Unfinished uploads: those on their way (with their progress), and those
 * that failed or were interrupted, with Resume and Discard draft.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IJob } from '../api';
import { formatBytes } from '../components/format';
import {
  confirmThenDo,
  UnfinishedJobRow
} from '../components/unfinishedjobrow';
import { UploadJobsModel, uploadDraft, uploadParams } from './uploadjobs';
import { UploadLauncher } from './uploader';

export interface IUploadJobsViewProps {
  model: UploadJobsModel;
  launcher: UploadLauncher;
  trans: TranslationBundle;
  repositoryLabel: (name: string) => string;
}

export function UploadJobsView(
  props: IUploadJobsViewProps
): React.ReactElement {
  const { model, trans } = props;
  return (
    <UseSignal signal={model.changed}>
      {() => (
        <section
          className="vre-RunJobs vre-UploadJobs"
          aria-label={trans.__('Unfinished uploads')}
          data-testid="vre-publish-unfinished"
        >
          {model.error && (
            <p className="vre-Message vre-mod-error" role="alert">
              {model.error}
            </p>
          )}
          {model.jobs.length === 0 && !model.error ? (
            <p className="vre-Message">{trans.__('No unfinished uploads.')}</p>
          ) : (
            <ul className="vre-RunJobs-list">
              {model.jobs.map(job => (
                <UploadJobRow key={job.id} job={job} {...props} />
              ))}
            </ul>
          )}
        </section>
      )}
    </UseSignal>
  );
}

function UploadJobRow(
  props: IUploadJobsViewProps & { job: IJob }
): React.ReactElement {
  const { job, model, launcher, trans } = props;
  const params = uploadParams(job);
  const title = params.title || params.paths.join(', ') || job.id;
  const size = formatBytes(params.bytes);
  const hasDraft = Boolean(uploadDraft(job));
  return (
    <UnfinishedJobRow
      job={job}
      trans={trans}
      busy={model.isBusy(job.id)}
      name={title}
      nameTitle={params.paths.join('\n')}
      label={trans.__('Upload of %1', title)}
      target={props.repositoryLabel(params.repository)}
      fallbackMessage={
        params.files ? trans.__('%1 files, %2', params.files, size) : size
      }
      resume={{
        label: trans.__('Resume'),
        title: trans.__('Continue the upload into the same draft'),
        onClick: () => void launcher.resumeAndOffer(job)
      }}
      drop={{
        label: hasDraft ? trans.__('Discard draft') : trans.__('Forget'),
        title: trans.__('Delete the draft and forget this upload'),
        onClick: () =>
          void confirmThenDo({
            trans,
            title: trans.__('Discard the upload of %1?', title),
            body: hasDraft
              ? trans.__(
                  'The draft and the files already sent are deleted from the repository. Your own files stay.'
                )
              : trans.__('The upload is forgotten. Your own files stay.'),
            accept: trans.__('Discard'),
            failure: trans.__('Discarding failed'),
            action: () => launcher.discard(job)
          })
      }}
    />
  );
}
