import { Notification } from '@jupyterlab/apputils';
import { nullTranslator } from '@jupyterlab/translation';

import { IJob, VRELabAPIError } from '../api';
import { notifyingFollower } from '../components/jobnotification';
import {
  dismissKey,
  notificationFor,
  notifyEnd,
  notifyProgress,
  REFUSAL_CLOSE_MS,
  SUCCESS_CLOSE_MS
} from '../components/notify';

import {
  answering,
  jobBody,
  notificationsSettled,
  toastsLoaded,
  until
} from './helpers';

const trans = nullTranslator.load('vre_lab');

describe('notifications', () => {
  beforeAll(() => {
    toastsLoaded();
  });

  afterEach(() => {
    Notification.dismiss();
  });

  it('updates a notification in progress in place', () => {
    const id = notifyProgress('Copying…', { key: 'k' });
    const again = notifyProgress('Copying… 50%', { key: 'k', progress: 0.5 });
    expect(again).toBe(id);
    const shown = Notification.manager.notifications;
    expect(shown).toHaveLength(1);
    expect(shown[0].message).toBe('Copying… 50%');
    expect(shown[0].options.autoClose).toBe(false);
  });

  it('replaces it at the end: a success closes by itself, a failure stays', async () => {
    const id = notifyProgress('Copying…');
    const done = notifyEnd('Copied.', 'success', { replaces: id });
    expect(done).not.toBe(id);
    await notificationsSettled();
    let shown = Notification.manager.notifications;
    expect(shown).toHaveLength(1);
    expect(shown[0].type).toBe('success');
    // Created (not updated) with its timeout: JupyterLab's toast honours it.
    expect(shown[0].options.autoClose).toBe(SUCCESS_CLOSE_MS);

    const other = notifyProgress('Sending…');
    notifyEnd('Sending failed.', 'error', { replaces: other });
    await notificationsSettled();
    shown = Notification.manager.notifications;
    expect(shown.map(n => n.message)).toEqual(['Sending failed.', 'Copied.']);
    expect(shown[0].options.autoClose).toBe(false);
  });

  it('dismisses a replaced notification only once the toasts are loaded', async () => {
    document.getElementById('react-toastify-container')?.remove();
    const first = notifyProgress('Starting…');
    notifyEnd('Started.', 'success', { replaces: first });
    // Dismissed now, its toast (still loading) would come after, for good.
    expect(Notification.manager.has(first)).toBe(true);
    toastsLoaded();
    await until(() => !Notification.manager.has(first), 2000, 'dismissed');
    expect(Notification.manager.notifications.map(n => n.message)).toEqual([
      'Started.'
    ]);
  });

  it('gives a success with actions more time', () => {
    notifyEnd('Done.', 'success', {
      actions: [{ label: 'Open', callback: () => undefined }]
    });
    const autoClose = Notification.manager.notifications[0].options.autoClose;
    expect(autoClose).toBeGreaterThan(SUCCESS_CLOSE_MS);
  });

  it('keeps one notification per key', async () => {
    notifyEnd('run.1 is running.', 'success', { key: 'run' });
    notifyEnd('run.1 failed.', 'error', { key: 'run' });
    await notificationsSettled();
    expect(Notification.manager.notifications.map(n => n.message)).toEqual([
      'run.1 failed.'
    ]);
    expect(notificationFor('run')).not.toBeNull();
    dismissKey('run');
    await notificationsSettled();
    expect(Notification.manager.count).toBe(0);
    expect(notificationFor('run')).toBeNull();
  });

  it('does not bring back a notification the user closed', async () => {
    const id = notifyEnd('run.1 is running.', 'success', { key: 'run' });
    Notification.dismiss(id);
    expect(notificationFor('run')).toBeNull();
    notifyEnd('run.1 finished.', 'success', { key: 'run' });
    await notificationsSettled();
    expect(Notification.manager.notifications.map(n => n.message)).toEqual([
      'run.1 finished.'
    ]);
  });
});

describe('notifyingFollower', () => {
  beforeAll(() => {
    toastsLoaded();
  });

  afterEach(() => {
    Notification.dismiss();
  });

  it('shows a job as one notification, ending in a success that closes', async () => {
    const states: IJob['state'][] = ['running', 'succeeded'];
    const request = async <T>(): Promise<T> =>
      jobBody({
        state: states.shift() ?? 'succeeded',
        progress: 0.5
      }) as unknown as T;
    const follow = notifyingFollower(request, trans, { interval: 1 });
    const ended = await follow(async () => jobBody({ state: 'queued' }), {
      pending: 'Making x available…',
      success: () => 'x is available.',
      failure: () => 'x failed.'
    });
    expect(ended.state).toBe('succeeded');
    await notificationsSettled();
    const shown = Notification.manager.notifications;
    expect(shown).toHaveLength(1);
    expect(shown[0].type).toBe('success');
    expect(shown[0].message).toBe('x is available.');
    expect(shown[0].options.autoClose).toBe(SUCCESS_CLOSE_MS);
  });

  it('files the end under the key the messages give', async () => {
    const follow = notifyingFollower(
      answering(jobBody({ state: 'succeeded' })),
      trans,
      { interval: 1 }
    );
    await follow(async () => jobBody({ state: 'running' }), {
      pending: 'Starting…',
      success: () => 'run.1 is running.',
      failure: () => 'failed',
      key: () => 'run-key'
    });
    notifyEnd('run.1 failed.', 'error', { key: 'run-key' });
    await notificationsSettled();
    expect(Notification.manager.notifications.map(n => n.message)).toEqual([
      'run.1 failed.'
    ]);
  });

  it('ends in an error that stays when the job cannot start', async () => {
    const follow = notifyingFollower(
      answering(jobBody({ state: 'running' })),
      trans,
      { interval: 1 }
    );
    await expect(
      follow(
        async () => {
          throw new Error('refused');
        },
        { pending: 'Starting…', success: () => 'ok', failure: () => 'no' },
        () => undefined
      )
    ).rejects.toThrow('refused');
    await notificationsSettled();
    const shown = Notification.manager.notifications;
    expect(shown).toHaveLength(1);
    expect(shown[0].type).toBe('error');
    expect(shown[0].message).toBe('Starting… refused');
    expect(shown[0].options.autoClose).toBe(false);
    expect(shown[0].options.actions?.map(a => a.label)).toEqual(['Retry']);
  });

  it('lets a refused start go after a while (nothing ran, nothing failed)', async () => {
    const follow = notifyingFollower(
      answering(jobBody({ state: 'running' })),
      trans,
      { interval: 1 }
    );
    await expect(
      follow(
        async () => {
          throw new VRELabAPIError({
            kind: 'http',
            status: 400,
            message: 'Input file data/events.csv does not exist'
          });
        },
        { pending: 'Starting demo…', success: () => 'ok', failure: () => 'no' }
      )
    ).rejects.toThrow('does not exist');
    await notificationsSettled();
    const shown = Notification.manager.notifications;
    expect(shown).toHaveLength(1);
    expect(shown[0].type).toBe('error');
    expect(shown[0].options.autoClose).toBe(REFUSAL_CLOSE_MS);
  });
});
