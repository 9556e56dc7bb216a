/**
 * Telling the user, in a JupyterLab notification, that a workflow the panel
 * has seen running has ended.
 */
import { Notification } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';

import { notifyEnd } from '../components/notify';
import { runLabel, runNotificationKey } from './names';
import { IWorkflowEnded } from './watcher';

/**
 * Show one notification for a workflow that ended, with "Show details": it
 * replaces the one that said the workflow is running; a failure stays until
 * closed, the others close by themselves.
 *
 * @returns the notification's id, or null for a status not worth one
 */
export function notifyWorkflowEnded(
  ended: IWorkflowEnded,
  options: {
    trans: TranslationBundle;
    /** A server's name for people. */
    serverLabel: (name: string) => string;
    /** Open the workflow's detail. */
    show: (server: string, id: string) => void;
  }
): string | null {
  const { trans } = options;
  const { server, workflow } = ended;
  const label = runLabel(workflow);
  const where = options.serverLabel(server);
  const actions: Notification.IAction[] = [
    {
      label: trans.__('Show details'),
      caption: trans.__('Open %1', label),
      callback: () => options.show(server, workflow.id)
    }
  ];
  const key = runNotificationKey(server, workflow.id);
  switch (workflow.status) {
    case 'finished':
      return notifyEnd(
        trans.__('Workflow %1 finished on %2.', label, where),
        'success',
        { key, actions }
      );
    case 'failed':
      return notifyEnd(
        trans.__('Workflow %1 failed on %2.', label, where),
        'error',
        { key, actions }
      );
    case 'stopped':
      return notifyEnd(
        trans.__('Workflow %1 was stopped on %2.', label, where),
        'warning',
        { key, actions }
      );
    default:
      return null;
  }
}
