import { nullTranslator } from '@jupyterlab/translation';

import { silentFollower } from '../components/jobs';
import { ReanaClient } from '../reana/client';
import { WorkflowStatus } from '../reana/types';
import { WorkflowWatcher } from '../reana/watcher';
import { WorkflowDetailModel } from '../reana/workflowdetailmodel';
import { apiError, fakeAPI, IFakeCall, jobBody, until } from './helpers';
import { detailBody, sleep } from './reana-fixtures';

const trans = nullTranslator.load('vre_lab');

/**
 * A fake server with one workflow `wf-1` on `server`, whose status and log
 * each test can change, a workspace of `files` files, and downloads.
 */
function detailAPI(server = 'local', files = 120) {
  const state = {
    status: 'running' as WorkflowStatus,
    log: 'step 1\n',
    failLogs: false
  };
  const base = `reana/servers/${server}/workflows/wf-1`;
  const api = fakeAPI((call: IFakeCall) => {
    switch (`${call.method} ${call.path}`) {
      case `GET ${base}`:
        return detailBody({ status: state.status, server });
      case `GET ${base}/logs`:
        if (state.failLogs) {
          return apiError(504, 'timeout', 'REANA did not answer in time');
        }
        return {
          workflow_log: state.log,
          steps: [
            {
              id: 's1',
              name: 'fit',
              status: state.status,
              started: null,
              finished: null,
              log: state.log
            }
          ]
        };
      case `GET ${base}/workspace`: {
        const search = call.query.get('search') ?? '';
        const page = Number(call.query.get('page'));
        const size = Number(call.query.get('size'));
        const names = Array.from(
          { length: files },
          (_, i) => `results/file-${String(i).padStart(3, '0')}.txt`
        ).filter(name => name.includes(search));
        return {
          items: names
            .slice((page - 1) * size, page * size)
            .map(name => ({ name, size: 10, last_modified: null })),
          total: names.length,
          page,
          size
        };
      }
      case `POST ${base}/stop`:
        state.status = 'stopped';
        return detailBody({ status: 'stopped', server });
      case `DELETE ${base}`:
        return undefined;
      case `POST ${base}/download`:
        return jobBody({
          id: 'dl-1',
          kind: 'reana-download',
          state: 'succeeded',
          result: {
            destination: 'reana-outputs/analysis.1',
            files: (call.body.files ?? ['results/plot.png']).map(
              (name: string) => `reana-outputs/analysis.1/${name}`
            )
          }
        });
      default:
        return apiError(404, null, `no route ${call.path}`);
    }
  });
  return { ...api, state };
}

function createDetail(
  api: ReturnType<typeof detailAPI>,
  options: Partial<WorkflowDetailModel.IOptions> = {}
): WorkflowDetailModel {
  return new WorkflowDetailModel({
    client: new ReanaClient(api.request),
    server: 'local',
    id: 'wf-1',
    follow: silentFollower(api.request, { interval: 5 }),
    activeInterval: 20,
    searchDelay: 10,
    trans,
    ...options
  });
}

const logCalls = (api: ReturnType<typeof detailAPI>) =>
  api.calls.filter(c => c.path.endsWith('/logs')).length;

describe('WorkflowDetailModel', () => {
  let model: WorkflowDetailModel | null = null;

  afterEach(() => {
    model?.dispose();
    model = null;
  });

  it('follows the logs while the workflow runs, then stops', async () => {
    const api = detailAPI();
    const watcher = new WorkflowWatcher();
    const ended: string[] = [];
    watcher.ended.connect((_, e) => ended.push(e.workflow.status));
    model = createDetail(api, { watcher });
    await model.start();
    expect(model.status).toBe('running');
    expect(model.isActive).toBe(true);
    expect(model.following).toBe(true);
    // The logs are asked for only once they are shown.
    expect(logCalls(api)).toBe(0);

    model.tab = 'logs';
    await until(() => model!.logs.value !== null, 2000, 'the logs');
    api.state.log += 'step 2\n';
    await until(
      () => model!.logs.value?.workflow_log === 'step 1\nstep 2\n',
      2000,
      'the new line'
    );
    expect(model.logs.value!.steps[0].log).toBe('step 1\nstep 2\n');

    api.state.status = 'finished';
    api.state.log += 'done\n';
    await until(() => model!.status === 'finished', 2000, 'the end');
    await until(() => !model!.following, 2000, 'the poll to stop');
    expect(model.logs.value!.workflow_log).toBe('step 1\nstep 2\ndone\n');
    expect(ended).toEqual(['finished']);

    const calls = api.calls.length;
    await sleep(150);
    expect(api.calls.length).toBe(calls);
    watcher.dispose();
  });

  it('does not follow a workflow that has ended', async () => {
    const api = detailAPI();
    api.state.status = 'failed';
    model = createDetail(api);
    await model.start();
    expect(model.following).toBe(false);
    model.tab = 'logs';
    await until(() => model!.logs.value !== null);
    await sleep(100);
    expect(api.calls.filter(c => c.path.endsWith('wf-1'))).toHaveLength(1);
    expect(logCalls(api)).toBe(1);
  });

  it('stands by while hidden', async () => {
    const api = detailAPI();
    model = createDetail(api);
    await model.start();
    model.visible = false;
    await sleep(50);
    const calls = api.calls.length;
    await sleep(150);
    expect(api.calls.length).toBe(calls);
    model.visible = true;
    await until(() => api.calls.length > calls, 1000, 'a refresh on show');
  });

  it('shows one clear line when the logs cannot be had', async () => {
    const api = detailAPI();
    api.state.status = 'finished';
    api.state.failLogs = true;
    model = createDetail(api);
    await model.start();
    model.tab = 'logs';
    await until(() => model!.logs.error !== '');
    expect(model.logs.error).toBe('REANA did not answer in time');
    api.state.failLogs = false;
    await model.logs.load();
    expect(model.logs.error).toBe('');
  });

  it('stops and deletes', async () => {
    const api = detailAPI();
    model = createDetail(api);
    await model.start();
    expect(await model.stop()).toBe(true);
    expect(model.status).toBe('stopped');

    let deleted = false;
    model.deleted.connect(() => (deleted = true));
    expect(await model.delete()).toBe(true);
    expect(deleted).toBe(true);
    expect(api.calls.some(c => c.method === 'DELETE')).toBe(true);
  });

  it('pages and searches the workspace, and downloads the selection', async () => {
    const api = detailAPI('cern');
    model = createDetail(api, { server: 'cern' });
    await model.start();
    model.tab = 'workspace';
    const workspace = model.workspace;
    await until(() => workspace.state === 'ready');
    expect(workspace.items).toHaveLength(50);
    expect(workspace.total).toBe(120);
    expect(workspace.pageCount).toBe(3);

    void workspace.goTo(3);
    await until(() => workspace.page === 3 && workspace.state === 'ready');
    expect(workspace.items).toHaveLength(20);

    workspace.query = 'file-01';
    await until(
      () => workspace.state === 'ready' && workspace.total === 10,
      2000,
      'the search'
    );
    const searches = api.calls.filter(c => c.query.has('search'));
    expect(searches.map(c => c.query.get('search'))).toEqual(['file-01']);
    expect(searches[0].query.get('page')).toBe('1');

    workspace.togglePage();
    workspace.toggle('results/file-010.txt');
    expect([...workspace.selected]).toHaveLength(9);
    const job = await model.outputs.downloadFiles(
      [...model.workspace.selected],
      'outputs/fit'
    );
    expect(job?.state).toBe('succeeded');
    const download = api.calls.find(c => c.path.endsWith('/download'))!;
    expect(download.body.destination).toBe('outputs/fit');
    expect(download.body.files).toHaveLength(9);

    await model.outputs.downloadOutputs();
    const outputs = api.calls.filter(c => c.path.endsWith('/download'))[1];
    expect(outputs.body).toEqual({ outputs: true });
  });

  it("opens a local run's files in place, and downloads a REANA run's first", async () => {
    const local = detailAPI('local');
    model = createDetail(local);
    await model.start();
    expect(await model.outputs.pathToOpen('results/plot.png')).toBe(
      'reana-runs/analysis.1/results/plot.png'
    );
    expect(local.calls.some(c => c.path.endsWith('/download'))).toBe(false);
    model.dispose();

    const remote = detailAPI('cern');
    model = createDetail(remote, { server: 'cern' });
    await model.start();
    expect(await model.outputs.pathToOpen('results/plot.png')).toBe(
      'reana-outputs/analysis.1/results/plot.png'
    );
    const download = remote.calls.find(c => c.path.endsWith('/download'))!;
    expect(download.body).toEqual({ files: ['results/plot.png'] });
  });

  it("publishes a local run's outputs in place, and a REANA run's once downloaded", async () => {
    const local = detailAPI('local');
    model = createDetail(local);
    await model.start();
    expect(await model.outputs.outputPaths()).toEqual([
      'reana-runs/analysis.1/results/plot.png'
    ]);
    expect(local.calls.some(c => c.path.endsWith('/download'))).toBe(false);
    model.dispose();

    const remote = detailAPI('cern');
    model = createDetail(remote, { server: 'cern' });
    await model.start();
    expect(await model.outputs.outputPaths()).toEqual([
      'reana-outputs/analysis.1/results/plot.png'
    ]);
    const download = remote.calls.find(c => c.path.endsWith('/download'))!;
    expect(download.body).toEqual({ outputs: true });
  });
});
