import { Notification } from '@jupyterlab/apputils';
import { nullTranslator } from '@jupyterlab/translation';

import { IJob } from '../api';
import { notifyingFollower } from '../components/jobnotification';
import { silentFollower } from '../components/jobs';
import { ReanaClient } from '../reana/client';
import { RunJobsModel, runResult } from '../reana/runjobsmodel';
import { findRunPath, RunLauncher } from '../reana/runlauncher';
import { WorkflowWatcher } from '../reana/watcher';
import {
  apiError,
  fakeAPI,
  IFakeCall,
  jobBody,
  notificationsSettled,
  toastsLoaded,
  until
} from './helpers';

const trans = nullTranslator.load('vre_lab');

/**
 * A fake server running jobs: `POST runs` starts job-1, which ends as
 * `ends` after one poll; `resume` starts job-2, which succeeds.
 */
function runAPI(ends: IJob['state']) {
  const jobs = new Map<string, IJob>();
  const api = fakeAPI((call: IFakeCall) => {
    if (call.method === 'POST' && call.path === 'reana/servers/cern/runs') {
      const job = jobBody({
        id: 'job-1',
        kind: 'reana-run',
        state: 'running',
        message: 'Uploading 1/3: data/a.csv',
        params: { server: 'cern', path: call.body.path, name: call.body.name },
        result: { workflow_id: 'wf-9', workflow_name: 'higgs', run_number: '4' }
      });
      jobs.set(job.id, job);
      return job;
    }
    if (call.method === 'POST' && call.path === 'reana/runs/job-1/resume') {
      const old = jobs.get('job-1')!;
      jobs.delete('job-1');
      const job = { ...old, id: 'job-2', state: 'running' as const };
      jobs.set(job.id, job);
      return job;
    }
    if (call.method === 'POST' && call.path === 'reana/runs/job-1/cleanup') {
      jobs.delete('job-1');
      return undefined;
    }
    const match = /^jobs\/(.+)$/.exec(call.path);
    if (call.method === 'GET' && match) {
      const job = jobs.get(match[1]);
      if (!job) {
        return apiError(404, null, 'no job');
      }
      const ended = {
        ...job,
        state: job.id === 'job-2' ? ('succeeded' as const) : ends,
        message:
          job.id === 'job-2' || ends === 'succeeded' ? '' : 'Server restarted'
      };
      jobs.set(job.id, ended);
      return ended;
    }
    if (call.method === 'GET' && call.path === 'jobs') {
      return { jobs: [...jobs.values()] };
    }
    return apiError(404, null, `no route ${call.path}`);
  });
  return api;
}

function createLauncher(api: ReturnType<typeof runAPI>) {
  const client = new ReanaClient(api.request);
  const jobs = new RunJobsModel({ client, interval: 20 });
  const watcher = new WorkflowWatcher();
  const opened: string[] = [];
  let refreshed = 0;
  const launcher = new RunLauncher({
    client,
    jobs,
    watcher,
    follow: silentFollower(api.request, { interval: 5 }),
    open: (server, id) => opened.push(`${server}/${id}`),
    onStarted: () => refreshed++,
    trans
  });
  return {
    launcher,
    jobs,
    watcher,
    opened,
    refreshed: () => refreshed,
    dispose: () => {
      jobs.dispose();
      watcher.dispose();
    }
  };
}

describe('RunLauncher', () => {
  it('starts a run, follows its job and opens the workflow', async () => {
    const api = runAPI('succeeded');
    const setup = createLauncher(api);
    const job = await setup.launcher.start('cern', {
      path: 'higgs/reana.yaml',
      name: 'higgs',
      parameters: { events: 10 }
    });
    expect(api.calls[0]).toMatchObject({
      method: 'POST',
      path: 'reana/servers/cern/runs',
      body: {
        path: 'higgs/reana.yaml',
        name: 'higgs',
        parameters: { events: 10 }
      }
    });
    expect(job?.state).toBe('succeeded');
    expect(setup.opened).toEqual(['cern/wf-9']);
    expect(setup.jobs.jobs).toHaveLength(0);
    expect(setup.watcher.size).toBe(1);
    expect(setup.refreshed()).toBe(1);
    setup.dispose();
  });

  it('lists an interrupted run, and resumes it in a new job', async () => {
    const api = runAPI('interrupted');
    const setup = createLauncher(api);
    const job = await setup.launcher.start('cern', {
      path: 'higgs/reana.yaml',
      name: 'higgs'
    });
    expect(job?.state).toBe('interrupted');
    expect(setup.opened).toEqual([]);
    expect(setup.jobs.jobs.map(j => `${j.id}:${j.state}`)).toEqual([
      'job-1:interrupted'
    ]);
    expect(setup.launcher.actions(job!).map(a => a.label)).toEqual([
      'Resume',
      'Clean up'
    ]);

    const resumed = await setup.launcher.resume(job!);
    expect(
      api.calls.some(
        c => c.method === 'POST' && c.path === 'reana/runs/job-1/resume'
      )
    ).toBe(true);
    expect(resumed?.id).toBe('job-2');
    expect(resumed?.state).toBe('succeeded');
    expect(setup.jobs.jobs).toHaveLength(0);
    expect(setup.opened).toEqual(['cern/wf-9']);
    setup.dispose();
  });

  it('cleans up a failed run', async () => {
    const api = runAPI('failed');
    const setup = createLauncher(api);
    const job = await setup.launcher.start('cern', {
      path: 'higgs/reana.yaml'
    });
    expect(setup.jobs.jobs.map(j => j.id)).toEqual(['job-1']);
    await setup.launcher.cleanup(job!);
    expect(
      api.calls.some(
        c => c.method === 'POST' && c.path === 'reana/runs/job-1/cleanup'
      )
    ).toBe(true);
    expect(setup.jobs.jobs).toHaveLength(0);
    setup.dispose();
  });

  it('finds the reana.yaml a workflow ran from in its run job', async () => {
    const api = fakeAPI(call =>
      call.path === 'jobs'
        ? {
            jobs: [
              jobBody({
                kind: 'reana-run',
                state: 'succeeded',
                params: { server: 'cern', path: 'a/reana.yaml', name: 'a' },
                result: { workflow_id: 'wf-1', workflow_name: 'a' }
              }),
              jobBody({
                kind: 'reana-run',
                state: 'succeeded',
                params: { server: 'local', path: 'b/reana.yaml', name: 'b' },
                result: { workflow_id: 'wf-2', workflow_name: 'b' }
              })
            ]
          }
        : apiError(404, null, 'no')
    );
    const client = new ReanaClient(api.request);
    expect(await findRunPath(client, 'cern', { id: 'wf-1', name: 'a' })).toBe(
      'a/reana.yaml'
    );
    expect(await findRunPath(client, 'local', { id: 'wf-7', name: 'b' })).toBe(
      'b/reana.yaml'
    );
    expect(await findRunPath(client, 'cern', { id: 'wf-2', name: 'b' })).toBe(
      null
    );
    expect(api.calls[0].query.get('kind')).toBe('reana-run');
  });
});

describe('RunJobsModel', () => {
  it('lists the unfinished runs the server remembers, in one request', async () => {
    const api = fakeAPI(call =>
      call.path === 'jobs'
        ? {
            jobs: [
              jobBody({ id: 'a', kind: 'reana-run', state: 'interrupted' }),
              jobBody({ id: 'b', kind: 'reana-run', state: 'succeeded' }),
              jobBody({ id: 'c', kind: 'reana-run', state: 'failed' }),
              jobBody({ id: 'd', kind: 'reana-run', state: 'cancelled' })
            ]
          }
        : apiError(404, null, 'no')
    );
    const model = new RunJobsModel({ client: new ReanaClient(api.request) });
    await model.load();
    expect(model.jobs.map(j => j.id)).toEqual(['a', 'c']);
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0].query.get('kind')).toBe('reana-run');
    model.dispose();
  });

  it('follows runs on their way with one request per refresh, then stops', async () => {
    let state: IJob['state'] = 'running';
    const api = fakeAPI(call =>
      call.path === 'jobs'
        ? { jobs: [jobBody({ id: 'a', kind: 'reana-run', state })] }
        : apiError(404, null, 'no')
    );
    const model = new RunJobsModel({
      client: new ReanaClient(api.request),
      interval: 10
    });
    await model.load();
    await until(() => api.calls.length >= 3, 3000, 'refreshes');
    state = 'succeeded';
    await until(() => model.jobs.length === 0, 3000, 'the end');
    const count = api.calls.length;
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(api.calls.length).toBe(count);
    model.dispose();
  });
});

describe('notifyingFollower', () => {
  beforeAll(() => {
    toastsLoaded();
  });

  afterEach(() => {
    Notification.dismiss();
  });

  it('offers the actions of an ended job, and reports every update', async () => {
    const api = fakeAPI(() =>
      jobBody({ id: 'j', state: 'interrupted', message: 'restarted' })
    );
    const follow = notifyingFollower(api.request, trans, { interval: 5 });
    const seen: string[] = [];
    let resumed = false;
    const job = await follow(
      async () => jobBody({ id: 'j', state: 'running' }),
      {
        pending: 'Starting…',
        success: () => 'ok',
        failure: done => `failed: ${done.message}`,
        actions: () => [{ label: 'Resume', callback: () => (resumed = true) }]
      },
      undefined,
      done => seen.push(done.state)
    );
    expect(job.state).toBe('interrupted');
    expect(seen).toEqual(['running', 'interrupted']);
    // One notification for the job: its end, which stays.
    await notificationsSettled();
    const shown = Notification.manager.notifications;
    expect(shown).toHaveLength(1);
    expect(shown[0].type).toBe('error');
    expect(shown[0].message).toBe('failed: restarted');
    expect(shown[0].options.autoClose).toBe(false);
    expect(shown[0].options.actions?.map(a => a.label)).toEqual(['Resume']);
    shown[0].options.actions![0].callback(new MouseEvent('click'));
    expect(resumed).toBe(true);
  });
});

describe('runResult', () => {
  it('keeps the bare workflow name when the server gives NAME.RUN', () => {
    const job = jobBody({
      kind: 'reana-run',
      result: {
        workflow_id: 'w1',
        workflow_name: 'analysis.2',
        run_number: '2'
      }
    });
    expect(runResult(job)).toEqual({
      workflow_id: 'w1',
      workflow_name: 'analysis',
      run_number: '2'
    });
  });

  it('leaves a name without its run number alone', () => {
    const job = jobBody({
      kind: 'reana-run',
      result: { workflow_name: 'fit.v2', run_number: '1' }
    });
    expect(runResult(job).workflow_name).toBe('fit.v2');
  });
});
