/**
 * A long-running server job shown as one JupyterLab notification: in
 * progress (with the job's progress and message), then success (which closes
 * by itself), or failure with a Retry action (which stays).
 */
import { Notification } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';

import { errorMessage, RequestFunction, VRELabAPIError } from '../api';
import { isRetryable, IWatchJobOptions, JobFollower, watchJob } from './jobs';
import { notifyEnd, notifyProgress, REFUSAL_CLOSE_MS } from './notify';

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
    let id = notifyProgress(pending);
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
          id = notifyProgress(
            update.message ? `${pending} ${update.message}` : pending,
            { replaces: id, progress: update.progress ?? undefined }
          );
        }
      });
    } catch (error) {
      // Refused before anything started (a 4xx): what to fix is said, and
      // the message goes after a while; it never ran, so nothing failed.
      const refused =
        error instanceof VRELabAPIError &&
        error.status >= 400 &&
        error.status < 500;
      id = notifyEnd(`${pending} ${errorMessage(error)}`, 'error', {
        replaces: id,
        actions: retry ? [retryAction()] : [],
        closeAfter: refused ? REFUSAL_CLOSE_MS : undefined
      });
      throw error;
    }
    const extra: Notification.IAction[] = (messages.actions?.(job) ?? []).map(
      action => ({
        label: action.label,
        caption: action.caption ?? action.label,
        callback: (event: MouseEvent) => {
          if (action.keepsNotification) {
            // JupyterLab closes a toast after an action unless prevented
            event.preventDefault();
          } else {
            Notification.dismiss(id);
          }
          action.callback();
        }
      })
    );
    const key = messages.key?.(job) ?? undefined;
    if (job.state === 'succeeded') {
      id = notifyEnd(messages.success(job), 'success', {
        replaces: id,
        key,
        actions: extra
      });
    } else {
      id = notifyEnd(messages.failure(job), 'error', {
        replaces: id,
        key,
        actions: [
          ...(retry && isRetryable(job.state) ? [retryAction()] : []),
          ...extra
        ]
      });
    }
    return job;
  };
}
