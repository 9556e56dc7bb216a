import { ReanaClient } from '../reana/client';
import { IWorkflow, WorkflowStatus } from '../reana/types';
import { WorkflowWatcher } from '../reana/watcher';
import { WorkflowListModel } from '../reana/workflowlistmodel';
import { apiError, fakeAPI, IFakeCall, until } from './helpers';
import { sleep, workflowBody } from './reana-fixtures';

/**
 * A fake server holding `count` workflows with a status each test can
 * change; it answers the list route only.
 */
function workflowsAPI(options: { count?: number; status?: WorkflowStatus }) {
  const state = {
    count: options.count ?? 3,
    status: options.status ?? ('finished' as WorkflowStatus),
    fail: false
  };
  const api = fakeAPI((call: IFakeCall) => {
    if (call.path !== 'reana/servers/local/workflows') {
      return apiError(404, null, `no route ${call.path}`);
    }
    if (state.fail) {
      return apiError(502, 'backend_error', 'REANA is down (502)');
    }
    const page = Number(call.query.get('page') ?? 1);
    const size = Number(call.query.get('size') ?? 20);
    const items: IWorkflow[] = [];
    for (
      let i = (page - 1) * size;
      i < Math.min(state.count, page * size);
      i++
    ) {
      items.push(
        workflowBody({
          id: `wf-${i}`,
          run_number: String(i + 1),
          status: state.status
        })
      );
    }
    return { items, total: state.count, page, size };
  });
  return { ...api, state };
}

function createList(
  api: ReturnType<typeof workflowsAPI>,
  options: Partial<WorkflowListModel.IOptions> = {}
): { list: WorkflowListModel; fetches: () => number } {
  const list = new WorkflowListModel({
    client: new ReanaClient(api.request),
    activeInterval: 20,
    maxInterval: 160,
    growth: 2,
    searchDelay: 20,
    ...options
  });
  let fetches = 0;
  list.fetched.connect(() => {
    fetches++;
  });
  return { list, fetches: () => fetches };
}

describe('WorkflowListModel', () => {
  let list: WorkflowListModel | null = null;

  afterEach(() => {
    list?.dispose();
    list = null;
  });

  it('asks for one page with its filters in one request per refresh', async () => {
    const api = workflowsAPI({ count: 45 });
    const created = createList(api);
    list = created.list;
    list.server = 'local';
    await until(() => created.fetches() >= 1, 3000, 'the first page');

    expect(list.state).toBe('ready');
    expect(list.items).toHaveLength(20);
    expect(list.total).toBe(45);
    expect(list.pageCount).toBe(3);
    const first = api.calls[0];
    expect(first.method).toBe('GET');
    expect(first.query.get('page')).toBe('1');
    expect(first.query.get('size')).toBe('20');
    expect(first.query.get('sort')).toBe('desc');
    expect(first.query.has('status')).toBe(false);
    expect(first.query.has('search')).toBe(false);

    list.statuses = ['running', 'failed'];
    list.sort = 'asc';
    list.nextPage();
    await until(
      () => list!.page === 2 && list!.state === 'ready',
      3000,
      'page 2'
    );
    const last = api.calls[api.calls.length - 1];
    expect(last.query.get('status')).toBe('running,failed');
    expect(last.query.get('sort')).toBe('asc');
    expect(last.query.get('page')).toBe('2');

    // Every request is the list itself: never one per workflow.
    await sleep(120);
    expect(
      api.calls.every(c => c.path === 'reana/servers/local/workflows')
    ).toBe(true);
    expect(api.calls.length).toBeLessThanOrEqual(created.fetches() + 3);
  });

  it('searches a moment after typing stops, from the first page', async () => {
    const api = workflowsAPI({ count: 45 });
    const created = createList(api, { maxInterval: 5000 });
    list = created.list;
    list.server = 'local';
    await until(() => created.fetches() >= 1);
    list.nextPage();
    await until(() => list!.page === 2 && list!.state === 'ready');
    const before = api.calls.length;

    list.query = 'h';
    list.query = 'hi';
    list.query = 'higgs';
    expect(list.page).toBe(1);
    await until(
      () => api.calls.some(c => c.query.get('search') === 'higgs'),
      3000,
      'the search'
    );
    await sleep(60);
    const searches = api.calls.slice(before).filter(c => c.query.has('search'));
    // No request for what was typed on the way (later ones are refreshes).
    expect(new Set(searches.map(c => c.query.get('search')))).toEqual(
      new Set(['higgs'])
    );
    expect(searches[0].query.get('page')).toBe('1');
  });

  it('backs off while nothing runs and speeds up while something does', async () => {
    const api = workflowsAPI({ status: 'finished' });
    const created = createList(api);
    list = created.list;
    list.server = 'local';

    const intervals: number[] = [];
    list.fetched.connect(() => intervals.push(list!.interval));
    await until(() => intervals.length >= 5, 5000, 'five refreshes');
    expect(intervals.slice(0, 5)).toEqual([40, 80, 160, 160, 160]);

    api.state.status = 'running';
    await until(() => list!.interval === 20, 5000, 'the quick refresh');
    const count = intervals.length;
    await until(() => intervals.length >= count + 3, 3000, 'quick refreshes');
    expect(intervals.slice(count)).toEqual([20, 20, 20]);
  });

  it('starts quick again after a refresh asked for by the user', async () => {
    const api = workflowsAPI({ status: 'finished' });
    const created = createList(api);
    list = created.list;
    list.server = 'local';
    await until(() => list!.interval === 160, 5000, 'the slowest refresh');
    await list.refresh();
    expect(list.interval).toBe(40);
  });

  it('shows one clear error line, backs off, and recovers', async () => {
    const api = workflowsAPI({});
    api.state.fail = true;
    const created = createList(api, { maxInterval: 1000 });
    list = created.list;
    list.server = 'local';
    await until(() => list!.state === 'error', 3000, 'the error');
    expect(list.error).toBe('REANA is down (502)');

    api.state.fail = false;
    await list.refresh();
    expect(list.state).toBe('ready');
    expect(list.error).toBe('');
    expect(list.items).toHaveLength(3);
  });

  it('stands by while hidden and refreshes when shown again', async () => {
    const api = workflowsAPI({ status: 'running' });
    const created = createList(api);
    list = created.list;
    list.server = 'local';
    await until(() => created.fetches() >= 2);

    list.visible = false;
    await sleep(60);
    const hidden = api.calls.length;
    await sleep(150);
    expect(api.calls.length).toBe(hidden);

    list.visible = true;
    await until(() => api.calls.length > hidden, 1000, 'a refresh on show');
  });

  it('keeps following, hidden, while a workflow it saw running has not ended', async () => {
    const api = workflowsAPI({ count: 1, status: 'running' });
    const watcher = new WorkflowWatcher();
    const created = createList(api, { watcher });
    list = created.list;
    list.server = 'local';
    await until(() => created.fetches() >= 1);
    list.visible = false;
    const hidden = created.fetches();
    await until(
      () => created.fetches() >= hidden + 2,
      1000,
      'hidden refreshes'
    );

    api.state.status = 'finished';
    await until(() => watcher.size === 0, 1000, 'the end');
    await sleep(60);
    const count = api.calls.length;
    await sleep(200);
    expect(api.calls.length).toBe(count);
    watcher.dispose();
  });

  it('stops asking once disposed', async () => {
    const api = workflowsAPI({ status: 'running' });
    const created = createList(api);
    list = created.list;
    list.server = 'local';
    await until(() => created.fetches() >= 2);
    list.dispose();
    await sleep(30);
    const count = api.calls.length;
    await sleep(150);
    expect(api.calls.length).toBe(count);
    list = null;
  });

  it('stops asking when no server is chosen', async () => {
    const api = workflowsAPI({ status: 'running' });
    const created = createList(api);
    list = created.list;
    list.server = 'local';
    await until(() => created.fetches() >= 1);
    list.server = null;
    expect(list.state).toBe('empty');
    expect(list.items).toHaveLength(0);
    await sleep(30);
    const count = api.calls.length;
    await sleep(120);
    expect(api.calls.length).toBe(count);
  });

  it('tells the watcher what it lists', async () => {
    const api = workflowsAPI({ count: 1, status: 'running' });
    const watcher = new WorkflowWatcher();
    const ended: string[] = [];
    watcher.ended.connect((_, e) => ended.push(`${e.server}/${e.workflow.id}`));
    const created = createList(api, { watcher });
    list = created.list;
    list.server = 'local';
    await until(() => created.fetches() >= 1);
    expect(watcher.size).toBe(1);

    api.state.status = 'finished';
    await until(() => ended.length === 1, 3000, 'the end');
    await until(() => created.fetches() >= 4);
    expect(ended).toEqual(['local/wf-0']);
    watcher.dispose();
  });
});
