import { Notification } from '@jupyterlab/apputils';
import { nullTranslator } from '@jupyterlab/translation';

import { notifyEnd } from '../components/notify';
import { runNotificationKey } from '../reana/names';
import { notifyWorkflowEnded } from '../reana/notifications';
import { WorkflowWatcher } from '../reana/watcher';
import { workflowBody } from './reana-fixtures';

import { notificationsSettled, toastsLoaded } from './helpers';

const trans = nullTranslator.load('vre_lab');

describe('WorkflowWatcher', () => {
  it('tells once that a workflow seen running has ended', () => {
    const watcher = new WorkflowWatcher();
    const ended: string[] = [];
    watcher.ended.connect((_, e) =>
      ended.push(`${e.server}/${e.workflow.id}:${e.workflow.status}`)
    );

    watcher.observe('local', workflowBody({ id: 'a', status: 'running' }));
    watcher.observe('local', workflowBody({ id: 'a', status: 'running' }));
    watcher.observe('local', workflowBody({ id: 'a', status: 'finished' }));
    // Seen again (the list and the detail both report it): no second time.
    watcher.observe('local', workflowBody({ id: 'a', status: 'finished' }));
    expect(ended).toEqual(['local/a:finished']);

    watcher.observeAll('cern', [
      workflowBody({ id: 'b', status: 'queued' }),
      workflowBody({ id: 'c', status: 'pending' })
    ]);
    watcher.observeAll('cern', [
      workflowBody({ id: 'b', status: 'failed' }),
      workflowBody({ id: 'c', status: 'stopped' })
    ]);
    expect(ended).toEqual([
      'local/a:finished',
      'cern/b:failed',
      'cern/c:stopped'
    ]);
    watcher.dispose();
  });

  it('says nothing about workflows that were never seen unfinished', () => {
    const watcher = new WorkflowWatcher();
    const ended: string[] = [];
    watcher.ended.connect((_, e) => ended.push(e.workflow.id));
    watcher.observe('local', workflowBody({ id: 'old', status: 'finished' }));
    watcher.observe('local', workflowBody({ id: 'old', status: 'failed' }));
    // The same id on another server is another workflow.
    watcher.observe('cern', workflowBody({ id: 'x', status: 'running' }));
    watcher.observe('local', workflowBody({ id: 'x', status: 'finished' }));
    expect(ended).toEqual([]);
    watcher.dispose();
  });

  it('follows a run it was told about, and forgets a deleted one quietly', () => {
    const watcher = new WorkflowWatcher();
    const ended: string[] = [];
    watcher.ended.connect((_, e) => ended.push(e.workflow.id));
    watcher.watch('local', 'new');
    watcher.observe('local', workflowBody({ id: 'new', status: 'finished' }));
    watcher.observe('local', workflowBody({ id: 'gone', status: 'running' }));
    watcher.observe('local', workflowBody({ id: 'gone', status: 'deleted' }));
    watcher.observe('local', workflowBody({ id: 'gone', status: 'finished' }));
    expect(ended).toEqual(['new']);
    watcher.dispose();
  });

  it('forgets everything and tells nothing once disposed', () => {
    const watcher = new WorkflowWatcher();
    const ended: string[] = [];
    watcher.ended.connect((_, e) => ended.push(e.workflow.id));
    watcher.watch('local', 'a');
    expect(watcher.size).toBe(1);

    watcher.dispose();
    watcher.watch('local', 'b');
    watcher.observe('local', workflowBody({ id: 'a', status: 'finished' }));

    expect(watcher.isDisposed).toBe(true);
    expect(watcher.size).toBe(0);
    expect(ended).toEqual([]);
  });
});

describe('notifyWorkflowEnded', () => {
  beforeAll(() => {
    toastsLoaded();
  });

  afterEach(() => {
    Notification.dismiss();
  });

  const shownFor = (id: string | null) =>
    Notification.manager.notifications.find(n => n.id === id);

  it('shows success, error or warning with a "Show details" action', () => {
    const shown: string[] = [];
    const options = {
      trans,
      serverLabel: (name: string) => `[${name}]`,
      show: (server: string, id: string) => shown.push(`${server}/${id}`)
    };

    const finished = shownFor(
      notifyWorkflowEnded(
        {
          server: 'local',
          workflow: workflowBody({
            id: 'a',
            run_number: '3',
            status: 'finished'
          })
        },
        options
      )
    )!;
    expect(finished.type).toBe('success');
    expect(finished.message).toBe('Workflow analysis.3 finished on [local].');
    // A success closes by itself.
    expect(finished.options.autoClose).toEqual(expect.any(Number));
    const actions = finished.options.actions!;
    expect(actions.map(a => a.label)).toEqual(['Show details']);
    actions[0].callback(new MouseEvent('click'));
    expect(shown).toEqual(['local/a']);

    const failed = shownFor(
      notifyWorkflowEnded(
        { server: 'cern', workflow: workflowBody({ status: 'failed' }) },
        options
      )
    )!;
    expect(failed.type).toBe('error');
    expect(failed.message).toBe('Workflow analysis.1 failed on [cern].');
    // A failure stays.
    expect(failed.options.autoClose).toBe(false);

    const stopped = shownFor(
      notifyWorkflowEnded(
        { server: 'cern', workflow: workflowBody({ status: 'stopped' }) },
        options
      )
    )!;
    expect(stopped.type).toBe('warning');
    expect(stopped.options.autoClose).toEqual(expect.any(Number));

    expect(
      notifyWorkflowEnded(
        { server: 'cern', workflow: workflowBody({ status: 'deleted' }) },
        options
      )
    ).toBeNull();
  });

  it('replaces the notification that said the run is running', async () => {
    const running = notifyEnd('analysis.1 is running on [local].', 'success', {
      key: runNotificationKey('local', 'a')
    });
    notifyEnd('Other run is running.', 'success', {
      key: runNotificationKey('local', 'b')
    });
    const failed = notifyWorkflowEnded(
      {
        server: 'local',
        workflow: workflowBody({ id: 'a', status: 'failed' })
      },
      {
        trans,
        serverLabel: name => `[${name}]`,
        show: () => undefined
      }
    );
    await notificationsSettled();
    const messages = Notification.manager.notifications.map(n => n.message);
    expect(messages).toContain('Workflow analysis.1 failed on [local].');
    expect(messages).toContain('Other run is running.');
    expect(messages).not.toContain('analysis.1 is running on [local].');
    expect(Notification.manager.has(running)).toBe(false);
    expect(shownFor(failed)?.options.autoClose).toBe(false);
  });
});
