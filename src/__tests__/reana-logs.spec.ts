import { nullTranslator } from '@jupyterlab/translation';

import { silentFollower } from '../components/jobs';
import { ReanaClient } from '../reana/client';
import {
  appendLog,
  DROPPED_MARKER,
  MAX_CURSOR,
  mergeLogs,
  nextCursor
} from '../reana/logbuffer';
import { WorkflowStatus } from '../reana/types';
import { WorkflowDetailModel } from '../reana/workflowdetailmodel';
import { apiError, fakeAPI, IFakeCall, until } from './helpers';
import { detailBody } from './reana-fixtures';

const trans = nullTranslator.load('vre_lab');

describe('appendLog', () => {
  it('appends while under the limit', () => {
    expect(appendLog('a\n', 'b\n', 100)).toBe('a\nb\n');
  });

  it('drops the oldest lines behind one marker, however often it caps', () => {
    const limit = DROPPED_MARKER.length + 20;
    let text = '';
    for (let i = 0; i < 50; i++) {
      text = appendLog(text, `line ${String(i).padStart(2, '0')}\n`, limit);
      expect(text.length).toBeLessThanOrEqual(limit);
    }
    expect(text).toBe(`${DROPPED_MARKER}line 48\nline 49\n`);
    expect(text.split(DROPPED_MARKER)).toHaveLength(2);
  });

  it('cuts inside a line only when no line starts near', () => {
    const text = appendLog('', 'x'.repeat(10000), DROPPED_MARKER.length + 10);
    expect(text).toBe(DROPPED_MARKER + 'x'.repeat(10));
  });
});

describe('mergeLogs', () => {
  const step = (id: string, log: string, log_continued?: boolean) => ({
    id,
    name: id,
    status: 'running',
    started: null,
    finished: null,
    log,
    log_continued
  });

  it('appends the parts an answer continues and replaces the others', () => {
    const first = mergeLogs(null, {
      workflow_log: 'w1\n',
      steps: [step('a', 'a1\n'), step('b', 'b1\n')]
    });
    const next = mergeLogs(first, {
      workflow_log: 'w2\n',
      workflow_log_continued: true,
      steps: [step('a', 'a2\n', true), step('b', 'new b\n', false)]
    });
    expect(next.workflow_log).toBe('w1\nw2\n');
    expect(next.steps.map(s => s.log)).toEqual(['a1\na2\n', 'new b\n']);
    // an answer of an older server: no flags, everything replaced
    const old = mergeLogs(next, { workflow_log: 'all\n', steps: [] });
    expect(old.workflow_log).toBe('all\n');
  });

  it('sends back only a cursor within the limit', () => {
    expect(nextCursor({ cursor: 'AQ' })).toBe('AQ');
    expect(nextCursor({ cursor: 'A'.repeat(MAX_CURSOR + 1) })).toBe('');
    expect(nextCursor(null)).toBe('');
  });
});

/**
 * A server whose one log grows; it answers from a cursor (the length sent)
 * only what is new, and from a cursor past the end the whole log again.
 */
function growingLogAPI() {
  const state = {
    status: 'running' as WorkflowStatus,
    log: 'step 1\n',
    sinces: [] as string[],
    failLogs: false
  };
  const base = 'reana/servers/local/workflows/wf-1';
  const api = fakeAPI((call: IFakeCall) => {
    switch (`${call.method} ${call.path}`) {
      case `GET ${base}`:
        return detailBody({ status: state.status });
      case `GET ${base}/logs`: {
        if (state.failLogs) {
          return apiError(400, 'bad_request', 'since is not a cursor');
        }
        const since = call.query.get('since') ?? '';
        state.sinces.push(since);
        const from = since ? Number(since) : 0;
        const continued = since !== '' && from <= state.log.length;
        const part = state.log.slice(continued ? from : 0);
        return {
          workflow_log: part,
          workflow_log_continued: continued,
          steps: [
            {
              id: 's1',
              name: 'fit',
              status: state.status,
              started: null,
              finished: null,
              log: part,
              log_continued: continued
            }
          ],
          cursor: String(state.log.length)
        };
      }
      default:
        return apiError(404, null, `no route ${call.path}`);
    }
  });
  return { ...api, state };
}

describe('WorkflowDetailModel logs', () => {
  let model: WorkflowDetailModel | null = null;

  afterEach(() => {
    model?.dispose();
    model = null;
  });

  function create(api: ReturnType<typeof growingLogAPI>, limit?: number) {
    return new WorkflowDetailModel({
      client: new ReanaClient(api.request),
      server: 'local',
      id: 'wf-1',
      follow: silentFollower(api.request, { interval: 5 }),
      activeInterval: 20,
      logViewLimit: limit,
      trans
    });
  }

  it('asks only for what is new and appends it', async () => {
    const api = growingLogAPI();
    model = create(api);
    await model.start();
    model.tab = 'logs';
    await until(() => model!.logs.value !== null, 2000, 'the logs');
    api.state.log += 'step 2\n';
    await until(
      () => model!.logs.value?.steps[0].log === 'step 1\nstep 2\n',
      2000,
      'the new line'
    );
    expect(model.logs.value!.workflow_log).toBe('step 1\nstep 2\n');
    expect(api.state.sinces[0]).toBe('');
    expect(api.state.sinces.slice(1).every(since => since !== '')).toBe(true);

    api.state.log = 'again\n'; // truncated: the server starts the log over
    await until(
      () => model!.logs.value?.workflow_log === 'again\n',
      2000,
      'restart'
    );
  });

  it('appends each part once, however many loads overlap', async () => {
    const api = growingLogAPI();
    api.state.status = 'finished';
    model = create(api);
    await model.start();
    await Promise.all([
      model.logs.load(),
      model.logs.load(),
      model.logs.load()
    ]);
    api.state.log += 'two\n';
    await Promise.all([model.logs.load(), model.logs.load()]);
    expect(model.logs.value!.workflow_log).toBe('step 1\ntwo\n');
  });

  it('keeps at most the limit in view, the oldest lines dropped', async () => {
    const api = growingLogAPI();
    const limit = DROPPED_MARKER.length + 64;
    model = create(api, limit);
    await model.start();
    model.tab = 'logs';
    for (let i = 0; i < 40; i++) {
      api.state.log += `line ${i}\n`;
      await model.logs.load();
    }
    const log = model.logs.value!.steps[0].log;
    expect(log.length).toBeLessThanOrEqual(limit);
    expect(log.startsWith(DROPPED_MARKER)).toBe(true);
    expect(log.endsWith('line 39\n')).toBe(true);
    expect(log).not.toContain('step 1');
  });

  it('starts over after a failed load', async () => {
    const api = growingLogAPI();
    api.state.status = 'finished';
    model = create(api);
    await model.start();
    await model.logs.load();
    api.state.failLogs = true;
    await model.logs.load();
    expect(model.logs.error).toBe('since is not a cursor');
    api.state.failLogs = false;
    await model.logs.load();
    expect(api.state.sinces[api.state.sinces.length - 1]).toBe('');
    expect(model.logs.value!.workflow_log).toBe('step 1\n');
  });
});
