/**
 * A long-running server job shown as one JupyterLab notification: in
 * progress (with the job's progress and message), then success, or failure
 * with a Retry action.
 */
import { Notification } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';

import { errorMessage, RequestFunction } from '../api';
import { isRetryable, IWatchJobOptions, JobFollower, watchJob } from './jobs';

/**
 * A job follower that shows each job in a notification.
 */
export function notifyingFollower(
  request: RequestFunction,
  trans: TranslationBundle,
  options: IWatchJobOptions = {}
): JobFollower {
  return async (start, messages, retry, onUpdate) => {
    const { pending } = messages;
    const id = Notification.emit(pending, 'in-progress', { autoClose: false });
    const retryAction = (): Notification.IAction => ({
      label: trans.__('Retry'),
      caption: trans.__('Try again'),
      displayType: 'accent',
      callback: () => {
        Notification.dismiss(id);
        retry?.();
      }
    });
    let job;
    try {
      job = await start();
      job = await watchJob(request, job, {
        ...options,
        onUpdate: update => {
          options.onUpdate?.(update);
          onUpdate?.(update);
          Notification.update({
            id,
            type: 'in-progress',
            message: update.message ? `${pending} ${update.message}` : pending,
            progress: update.progress ?? undefined,
            autoClose: false
          });
        }
      });
    } catch (error) {
      Notification.update({
        id,
        type: 'error',
        message: `${pending} ${errorMessage(error)}`,
        autoClose: false,
        actions: retry ? [retryAction()] : []
      });
      throw error;
    }
    const extra: Notification.IAction[] = (messages.actions?.(job) ?? []).map(
      action => ({
        label: action.label,
        caption: action.caption ?? action.label,
        callback: () => {
          Notification.dismiss(id);
          action.callback();
        }
      })
    );
    if (job.state === 'succeeded') {
      Notification.update({
        id,
        type: 'success',
        message: messages.success(job),
        progress: 1,
        autoClose: extra.length ? 10000 : 5000,
        actions: extra
      });
    } else {
      Notification.update({
        id,
        type: 'error',
        message: messages.failure(job),
        autoClose: false,
        actions: [
          ...(retry && isRetryable(job.state) ? [retryAction()] : []),
          ...extra
        ]
      });
    }
    return job;
  };
}
