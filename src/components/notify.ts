/**
 * JupyterLab notifications as vre-lab shows them: one notification per job
 * (or run), updated while it goes on; when it ends, a success closes by
 * itself after a few seconds and a failure stays until the user closes it.
 *
 * JupyterLab keeps the toast of a notification created with
 * `autoClose: false` on screen whatever `Notification.update` later says
 * (react-toastify does not restart a timer it never started), so the end of
 * a job replaces its notification: the old one is dismissed, the new one is
 * created with the timeout it needs. The user still sees one notification per
 * job, in the toasts and in the notification centre.
 *
 * A toast dismissed while JupyterLab loads its toasts, or right after an
 * update, comes back after the dismissal and stays for good: a replaced
 * notification is therefore dismissed once the toasts are there and a
 * moment after its last update (the new one shows at once).
 */
import { Notification } from '@jupyterlab/apputils';

/**
 * Milliseconds a success (or an information) stays on screen.
 */
export const SUCCESS_CLOSE_MS = 5000;

/**
 * Milliseconds a success with actions stays on screen (time to click one).
 */
export const SUCCESS_WITH_ACTIONS_CLOSE_MS = 10000;

/**
 * Milliseconds a warning stays on screen.
 */
export const WARNING_CLOSE_MS = 10000;

/**
 * Milliseconds a refusal stays on screen: a request the server refused
 * before anything started (what to fix is in the message; the notification
 * centre keeps it).
 */
export const REFUSAL_CLOSE_MS = 20000;

/**
 * How a job or a run ended, as the user is told.
 */
export type EndType = 'success' | 'info' | 'warning' | 'error';

/**
 * Options of a notification.
 */
export interface INotifyOptions {
  /**
   * What the notification is about (a job, a run): a new notification under
   * the same key replaces the one shown.
   */
  key?: string;
  /** The id of a notification this one replaces. */
  replaces?: string | null;
  /** Buttons. */
  actions?: Notification.IAction[];
  /** Progress of a notification in progress, between 0 and 1. */
  progress?: number;
  /** Milliseconds on screen, instead of what its type gets. */
  closeAfter?: number | false;
}

/**
 * How long a notification of this type stays on screen (false: until closed).
 */
export function autoCloseFor(
  type: EndType | 'in-progress',
  hasActions = false
): number | false {
  switch (type) {
    case 'success':
    case 'info':
      return hasActions ? SUCCESS_WITH_ACTIONS_CLOSE_MS : SUCCESS_CLOSE_MS;
    case 'warning':
      return WARNING_CLOSE_MS;
    default:
      return false;
  }
}

/**
 * Show that something is going on (a spinner until it ends). A notification
 * in progress under `key` (or `replaces`) is updated in place; any other is
 * replaced.
 *
 * @returns the notification's id
 */
export function notifyProgress(
  message: string,
  options: INotifyOptions = {}
): string {
  const current = currentId(options);
  if (current !== null && isInProgress(current)) {
    Notification.update({
      id: current,
      type: 'in-progress',
      message,
      progress: options.progress,
      autoClose: false,
      actions: options.actions
    });
    remember(options.key, current);
    return current;
  }
  if (current !== null) {
    dismissWhenShown(current);
  }
  const id = Notification.emit(message, 'in-progress', {
    autoClose: false,
    progress: options.progress,
    actions: options.actions
  });
  remember(options.key, id);
  return id;
}

/**
 * Show how something ended, replacing the notification that showed it going
 * on (`replaces`, or the one under `key`): a success closes by itself, a
 * failure stays.
 *
 * @returns the new notification's id
 */
export function notifyEnd(
  message: string,
  type: EndType,
  options: INotifyOptions = {}
): string {
  const current = currentId(options);
  if (current !== null) {
    dismissWhenShown(current);
  }
  const actions = options.actions ?? [];
  const id = Notification.emit(message, type, {
    autoClose: options.closeAfter ?? autoCloseFor(type, actions.length > 0),
    actions
  });
  remember(options.key, id);
  return id;
}

/**
 * Close the notification under `key`, if one is shown.
 */
export function dismissKey(key: string): void {
  const id = Private.byKey.get(key);
  Private.byKey.delete(key);
  if (id !== undefined) {
    dismissWhenShown(id);
  }
}

/**
 * Dismiss a notification once JupyterLab's toasts are loaded, and a moment
 * after the last update of its toast: react-toastify applies an update on
 * the next task, and one applied after the dismissal brings the toast back
 * for good.
 */
export function dismissWhenShown(id: string): void {
  const started = Date.now();
  const wait = (): void => {
    if (
      document.getElementById(TOAST_CONTAINER) ||
      Date.now() - started > TOAST_LOAD_WAIT_MS
    ) {
      setTimeout(() => Notification.dismiss(id), DISMISS_DELAY_MS);
    } else {
      setTimeout(wait, 50);
    }
  };
  wait();
}

/**
 * Milliseconds between the last update of a toast and its dismissal.
 */
const DISMISS_DELAY_MS = 150;

/**
 * The element JupyterLab renders its toasts in, once loaded.
 */
const TOAST_CONTAINER = 'react-toastify-container';

/**
 * The longest wait for the toasts to load before dismissing anyway.
 */
const TOAST_LOAD_WAIT_MS = 10000;

/**
 * File a notification created elsewhere under `key`.
 */
export function setKey(key: string, id: string): void {
  Private.byKey.set(key, id);
}

/**
 * The notification now shown under `key`, if any.
 */
export function notificationFor(key: string): string | null {
  const id = Private.byKey.get(key);
  if (id === undefined || !Notification.manager.has(id)) {
    Private.byKey.delete(key);
    return null;
  }
  return id;
}

/**
 * The notification to replace: `replaces` if still there, else the one
 * under `key`.
 */
function currentId(options: INotifyOptions): string | null {
  if (options.replaces && Notification.manager.has(options.replaces)) {
    return options.replaces;
  }
  return options.key ? notificationFor(options.key) : null;
}

function isInProgress(id: string): boolean {
  return Notification.manager.notifications.some(
    n => n.id === id && n.type === 'in-progress'
  );
}

function remember(key: string | undefined, id: string): void {
  if (key) {
    Private.byKey.set(key, id);
  }
}

namespace Private {
  /**
   * Keys to the notification shown for them.
   */
  export const byKey = new Map<string, string>();
}
