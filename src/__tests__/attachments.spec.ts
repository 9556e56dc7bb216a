import { NotebookModel } from '@jupyterlab/notebook';

import { IJob } from '../api';
import { silentFollower } from '../components/jobs';
import {
  AttachmentManager,
  IAttachableNotebook
} from '../rucio/attachmentmanager';
import {
  addAttachment,
  IAttachment,
  readAttachments,
  removeAttachment
} from '../rucio/attachments';
import { RucioClient } from '../rucio/client';
import { IRucioPaths } from '../rucio/types';
import { apiError, fakeAPI, IFakeCall, jobBody } from './helpers';

const EVENTS: IAttachment = {
  variable: 'events',
  did: 'demo:higgs4l-data-2012B-DoubleMuon',
  instance: 'sandbox',
  mode: 'download'
};

const PATHS: IRucioPaths = {
  did: EVENTS.did,
  type: 'dataset',
  mode: 'download',
  paths: ['/dl/demo/a.csv', '/dl/demo/b.csv', '/dl/demo/c.csv']
};

/**
 * A notebook with a real notebook model and a fake kernel recording code.
 */
function notebook(
  run: (code: string) => void = () => undefined
): IAttachableNotebook & { model: NotebookModel; executed: string[] } {
  const model = new NotebookModel();
  const executed: string[] = [];
  return {
    id: 'notebook-1',
    title: 'analysis.ipynb',
    model,
    executed,
    get metadata() {
      return model;
    },
    async execute(code: string) {
      executed.push(code);
      run(code);
    }
  };
}

/**
 * A fake API where the DID becomes available after a make-available job.
 */
function availabilityAPI(options: { jobEnds?: Partial<IJob> } = {}) {
  let available = false;
  return fakeAPI((call: IFakeCall) => {
    if (call.path === 'rucio/sandbox/did/paths') {
      return available
        ? PATHS
        : apiError(409, 'not_available', 'Not available here');
    }
    if (call.path === 'rucio/sandbox/make-available') {
      return jobBody({ state: 'queued', params: call.body });
    }
    if (call.path === 'jobs/job-1') {
      const ended: Partial<IJob> = options.jobEnds ?? {
        state: 'succeeded',
        result: { ...PATHS }
      };
      if (ended.state === 'succeeded') {
        available = true;
      }
      return jobBody(ended);
    }
    return apiError(404, null, `no route ${call.path}`);
  });
}

function manager(request: ReturnType<typeof fakeAPI>['request']) {
  return new AttachmentManager({
    client: new RucioClient(request),
    follow: silentFollower(request, { interval: 1, maxInterval: 2 })
  });
}

describe('notebook metadata', () => {
  it('records attachments under vre_lab → rucio, keeping other keys', () => {
    const model = new NotebookModel();
    model.setMetadata('vre_lab', { workflow: 'reana.yaml' });

    addAttachment(model, EVENTS);
    addAttachment(model, { ...EVENTS, variable: 'skim', did: 'user.root:s' });

    expect(model.getMetadata('vre_lab')).toEqual({
      workflow: 'reana.yaml',
      rucio: [EVENTS, { ...EVENTS, variable: 'skim', did: 'user.root:s' }]
    });
  });

  it('replaces the attachment of a variable bound again', () => {
    const model = new NotebookModel();
    addAttachment(model, EVENTS);

    addAttachment(model, { ...EVENTS, did: 'demo:other' });

    expect(readAttachments(model)).toEqual([{ ...EVENTS, did: 'demo:other' }]);
  });

  it('removes an attachment', () => {
    const model = new NotebookModel();
    addAttachment(model, EVENTS);

    removeAttachment(model, 'events');

    expect(readAttachments(model)).toEqual([]);
  });

  it('ignores malformed entries (a notebook may hold anything)', () => {
    const model = new NotebookModel();
    model.setMetadata('vre_lab', {
      rucio: [
        EVENTS,
        { ...EVENTS, variable: 'x; import os' },
        { ...EVENTS, variable: 'class' },
        { ...EVENTS, did: 'no-scope' },
        { ...EVENTS, mode: 'teleport' },
        { ...EVENTS, instance: '../etc' },
        'events',
        null
      ]
    });

    expect(readAttachments(model)).toEqual([EVENTS]);
  });

  it('reads nothing from a notebook without vre_lab metadata', () => {
    expect(readAttachments(new NotebookModel())).toEqual([]);
  });
});

describe('AttachmentManager', () => {
  it('binds the variable to the paths of an available DID and records it', async () => {
    const api = fakeAPI(call =>
      call.path === 'rucio/sandbox/did/paths'
        ? PATHS
        : apiError(404, null, 'no')
    );
    const nb = notebook();

    await manager(api.request).attach(nb, EVENTS);

    expect(nb.executed).toEqual([
      'events = ["/dl/demo/a.csv", "/dl/demo/b.csv", "/dl/demo/c.csv"]'
    ]);
    expect(api.calls[0].query.get('did')).toBe(EVENTS.did);
    expect(api.calls[0].query.get('mode')).toBe('download');
    expect(readAttachments(nb.model)).toEqual([EVENTS]);
  });

  it('says which notebook changed, and nothing once disposed', async () => {
    const api = fakeAPI(() => PATHS);
    const nb = notebook();
    const attachments = manager(api.request);
    const changed = new Set<string>();
    const attached: string[] = [];
    attachments.changed.connect((_, id) => changed.add(id));
    attachments.attached.connect((_, a) => attached.push(a.attachment.did));

    await attachments.attach(nb, EVENTS);
    expect([...changed]).toEqual(['notebook-1']);
    expect(attached).toEqual([EVENTS.did]);

    attachments.dispose();
    changed.clear();
    attachments.remove(nb, 'events');

    expect(attachments.isDisposed).toBe(true);
    expect(changed.size).toBe(0);
  });

  it('binds a file DID to one string', async () => {
    const file: IRucioPaths = {
      did: 'demo:a.csv',
      type: 'file',
      mode: 'download',
      paths: ['/dl/demo/a.csv']
    };
    const api = fakeAPI(() => file);
    const nb = notebook();

    await manager(api.request).attach(nb, {
      ...EVENTS,
      variable: 'one',
      did: 'demo:a.csv'
    });

    expect(nb.executed).toEqual(['one = "/dl/demo/a.csv"']);
  });

  it('makes a DID available first (409 not_available), waiting for the job', async () => {
    const api = availabilityAPI();
    const nb = notebook();
    const attachments = manager(api.request);
    const states: string[] = [];
    attachments.changed.connect(() => {
      const state = attachments.statuses(nb)[0]?.state;
      if (state && states[states.length - 1] !== state) {
        states.push(state);
      }
    });

    await attachments.attach(nb, EVENTS);

    const post = api.calls.find(
      c => c.path === 'rucio/sandbox/make-available'
    )!;
    expect(post.method).toBe('POST');
    expect(post.body).toEqual({ did: EVENTS.did, mode: 'download' });
    expect(nb.executed).toHaveLength(1);
    expect(states).toEqual(['checking', 'making-available', 'injected']);
    expect(attachments.statuses(nb)).toEqual([
      { attachment: EVENTS, state: 'injected', message: '', recorded: true }
    ]);
  });

  it('reports a failed job, runs nothing and records nothing', async () => {
    const api = availabilityAPI({
      jobEnds: { state: 'failed', message: 'Download failed: no replica' }
    });
    const nb = notebook();
    const attachments = manager(api.request);

    await expect(attachments.attach(nb, EVENTS)).rejects.toThrow(
      'Download failed: no replica'
    );

    expect(nb.executed).toEqual([]);
    expect(readAttachments(nb.model)).toEqual([]);
    expect(attachments.statuses(nb)).toEqual([
      {
        attachment: EVENTS,
        state: 'failed',
        message: 'Download failed: no replica',
        recorded: false
      }
    ]);
  });

  it('binds every recorded variable again after a kernel restart', async () => {
    const api = availabilityAPI();
    const nb = notebook();
    addAttachment(nb.model, EVENTS);
    addAttachment(nb.model, { ...EVENTS, variable: 'again' });
    const attachments = manager(api.request);

    await attachments.reinjectAll(nb);

    expect(nb.executed).toEqual([
      `events = ${JSON.stringify(PATHS.paths).replace(/","/g, '", "')}`,
      `again = ${JSON.stringify(PATHS.paths).replace(/","/g, '", "')}`
    ]);
    expect(attachments.statuses(nb).map(s => s.state)).toEqual([
      'injected',
      'injected'
    ]);
  });

  it('keeps going when one attachment fails to come back, and says why', async () => {
    const api = fakeAPI(call =>
      call.query.get('did') === 'demo:gone'
        ? apiError(404, 'did_not_found', 'No DID demo:gone')
        : PATHS
    );
    const nb = notebook();
    addAttachment(nb.model, { ...EVENTS, variable: 'gone', did: 'demo:gone' });
    addAttachment(nb.model, EVENTS);
    const attachments = manager(api.request);

    await attachments.reinjectAll(nb);

    expect(attachments.statuses(nb)).toEqual([
      {
        attachment: { ...EVENTS, variable: 'gone', did: 'demo:gone' },
        state: 'failed',
        message: 'No DID demo:gone',
        recorded: true
      },
      { attachment: EVENTS, state: 'injected', message: '', recorded: true }
    ]);
    expect(nb.executed).toHaveLength(1);
  });

  it('holds the kernel before asking the server, then sends the values all at once', async () => {
    const order: string[] = [];
    const api = fakeAPI(call => {
      order.push('server');
      return call.query.get('did') === 'demo:gone'
        ? apiError(404, 'did_not_found', 'No DID demo:gone')
        : PATHS;
    });
    const nb = notebook();
    const released: Record<string, string | string[]>[] = [];
    nb.hold = variables => {
      order.push(`hold ${variables.join(',')}`);
      return {
        release: async values => {
          released.push(values);
        }
      };
    };
    addAttachment(nb.model, EVENTS);
    addAttachment(nb.model, { ...EVENTS, variable: 'gone', did: 'demo:gone' });
    const attachments = manager(api.request);

    const done = attachments.reinjectAll(nb);
    expect(order).toEqual(['hold events,gone']);
    await done;

    expect(order).toEqual(['hold events,gone', 'server', 'server']);
    expect(released).toEqual([{ events: PATHS.paths }]);
    expect(nb.executed).toEqual([]);
    expect(attachments.statuses(nb).map(s => s.state)).toEqual([
      'injected',
      'failed'
    ]);
  });

  it('binds one by one when the kernel cannot be held (no vre_lab in it)', async () => {
    const api = fakeAPI(() => PATHS);
    const nb = notebook();
    nb.hold = () => ({
      release: () =>
        Promise.reject(
          new Error("ModuleNotFoundError: No module named 'vre_lab'")
        )
    });
    addAttachment(nb.model, EVENTS);

    await manager(api.request).reinjectAll(nb);

    expect(nb.executed).toHaveLength(1);
    expect(nb.executed[0]).toMatch(/^events = \[/);
  });

  it('reports code that raised in the kernel', async () => {
    const api = fakeAPI(() => PATHS);
    const nb = notebook(() => {
      throw new Error('NameError: boom');
    });

    await expect(manager(api.request).attach(nb, EVENTS)).rejects.toThrow(
      'boom'
    );
    expect(readAttachments(nb.model)).toEqual([]);
  });

  it('removes an attachment from the metadata and the list', async () => {
    const api = fakeAPI(() => PATHS);
    const nb = notebook();
    const attachments = manager(api.request);
    await attachments.attach(nb, EVENTS);

    attachments.remove(nb, 'events');

    expect(readAttachments(nb.model)).toEqual([]);
    expect(attachments.statuses(nb)).toEqual([]);
  });
});
