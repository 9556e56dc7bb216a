import { Notification } from '@jupyterlab/apputils';
import { nullTranslator } from '@jupyterlab/translation';

import { notifyWorkflowEnded } from '../reana/notifications';
import { WorkflowWatcher } from '../reana/watcher';
import { workflowBody } from './reana-fixtures';

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
});

describe('notifyWorkflowEnded', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('shows success, error or warning with a "Show details" action', () => {
    const success = jest.spyOn(Notification, 'success');
    const error = jest.spyOn(Notification, 'error');
    const warning = jest.spyOn(Notification, 'warning');
    const shown: string[] = [];
    const options = {
      trans,
      serverLabel: (name: string) => `[${name}]`,
      show: (server: string, id: string) => shown.push(`${server}/${id}`)
    };

    notifyWorkflowEnded(
      {
        server: 'local',
        workflow: workflowBody({ id: 'a', run_number: '3', status: 'finished' })
      },
      options
    );
    expect(success).toHaveBeenCalledTimes(1);
    expect(success.mock.calls[0][0]).toBe(
      'Workflow analysis.3 finished on [local].'
    );
    const actions = success.mock.calls[0][1]!.actions!;
    expect(actions.map(a => a.label)).toEqual(['Show details']);
    actions[0].callback(new MouseEvent('click'));
    expect(shown).toEqual(['local/a']);

    notifyWorkflowEnded(
      { server: 'cern', workflow: workflowBody({ status: 'failed' }) },
      options
    );
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0][0]).toBe(
      'Workflow analysis.1 failed on [cern].'
    );
    expect(error.mock.calls[0][1]!.autoClose).toBe(false);

    notifyWorkflowEnded(
      { server: 'cern', workflow: workflowBody({ status: 'stopped' }) },
      options
    );
    expect(warning).toHaveBeenCalledTimes(1);

    expect(
      notifyWorkflowEnded(
        { server: 'cern', workflow: workflowBody({ status: 'deleted' }) },
        options
      )
    ).toBeNull();
  });
});
