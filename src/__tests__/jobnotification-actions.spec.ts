import { Notification } from '@jupyterlab/apputils';
import { nullTranslator } from '@jupyterlab/translation';

import { notifyingFollower } from '../components/jobnotification';
import { answering, jobBody } from './helpers';

const trans = nullTranslator.load('vre_lab');

function click(action: Notification.IAction): { prevented: boolean } {
  const event = { prevented: false, preventDefault: () => undefined };
  event.preventDefault = () => {
    event.prevented = true;
  };
  action.callback(event as unknown as MouseEvent);
  return event;
}

describe("an ended job's actions", () => {
  afterEach(() => {
    Notification.dismiss();
  });

  it('close the notification, unless one keeps it for the next (Open report, then Publish…)', async () => {
    const follow = notifyingFollower(
      answering(jobBody({ state: 'succeeded' })),
      trans,
      { interval: 1 }
    );
    const done: string[] = [];
    await follow(async () => jobBody({ state: 'running' }), {
      pending: 'Reproducing…',
      success: () => 'Reproduced: all 2 outputs are the same.',
      failure: () => 'failed',
      actions: () => [
        {
          label: 'Open report',
          callback: () => done.push('report'),
          keepsNotification: true
        },
        { label: 'Publish reproduction…', callback: () => done.push('publish') }
      ]
    });
    const shown = () =>
      Notification.manager.notifications.filter(
        n => n.message === 'Reproduced: all 2 outputs are the same.'
      );
    const [report, publish] = shown()[0].options.actions!;

    // The toast stays (JupyterLab closes it unless the event is prevented),
    // and so does the notification.
    expect(click(report).prevented).toBe(true);
    expect(shown()).toHaveLength(1);

    expect(click(publish).prevented).toBe(false);
    expect(shown()).toHaveLength(0);
    expect(done).toEqual(['report', 'publish']);
  });
});
