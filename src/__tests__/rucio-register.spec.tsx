import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import { silentFollower } from '../components/jobs';
import { WorkflowStatus } from '../reana/types';
import { WorkflowDetailModel } from '../reana/workflowdetailmodel';
import { RucioClient } from '../rucio/client';
import { RegisterBody } from '../rucio/registerdialog';
import { RegisterModel, rucioName } from '../rucio/registermodel';
import { apiError, fakeAPI, instanceBody, jobBody, until } from './helpers';
import { attachWorkflowDetail, detailBody } from './reana-fixtures';

const trans = nullTranslator.load('vre_lab');
const RUN = {
  server: 'local',
  workflow: 'wf-1',
  name: 'higgs fit',
  runNumber: '3',
  outputs: ['results/summary.txt', 'plots']
};

function registerAPI() {
  return fakeAPI(call => {
    switch (call.path) {
      case 'rucio/sandbox/rses':
        return { rses: ['SANDBOX_DISK', 'SANDBOX_SCRATCH'] };
      case 'rucio/sandbox/scopes':
        return { scopes: ['demo', 'user.root'] };
      case 'rucio/sandbox/registrations':
        return jobBody({
          id: 'reg-1',
          kind: 'rucio.register_outputs',
          state: 'queued'
        });
      case 'jobs/reg-1':
        return jobBody({
          id: 'reg-1',
          state: 'succeeded',
          result: { dataset: 'user.root:higgs_fit.3', files: [{}, {}] }
        });
      default:
        return apiError(404, null, `no route ${call.path}`);
    }
  });
}

function newModel(api: ReturnType<typeof registerAPI>, destination = '') {
  return new RegisterModel({
    client: new RucioClient(api.request),
    instances: [instanceBody({ destination_rse: destination || null })],
    run: RUN,
    trans
  });
}

describe('RegisterModel', () => {
  it('defaults to every declared output, the destination RSE, a user scope and NAME.RUN', async () => {
    const api = registerAPI();
    const model = newModel(api, 'SANDBOX_SCRATCH');

    await model.destination.load();

    expect(model.destination.rse).toBe('SANDBOX_SCRATCH');
    expect(model.destination.scope).toBe('user.root');
    expect(model.dataset).toBe('user.root:higgs_fit.3');
    expect(RUN.outputs.every(o => model.isChosen(o))).toBe(true);
    expect(model.problem).toBeNull();
    expect(model.request()).toEqual({
      server: 'local',
      workflow: 'wf-1',
      scope: 'user.root',
      rse: 'SANDBOX_SCRATCH',
      dataset: 'user.root:higgs_fit.3'
    });
    model.dispose();
  });

  it('follows the scope until the dataset is edited, and sends only the chosen outputs', async () => {
    const api = registerAPI();
    const model = newModel(api);
    await model.destination.load();
    expect(model.destination.rse).toBe('SANDBOX_DISK');
    model.destination.scope = 'demo';
    expect(model.dataset).toBe('demo:higgs_fit.3');
    model.dataset = 'user.root:final';
    model.destination.scope = 'user.root';
    model.toggle('plots', false);

    const job = await model.submit(
      silentFollower(api.request, { interval: 1 })
    );

    const post = api.calls.find(c => c.path === 'rucio/sandbox/registrations')!;
    expect(post.method).toBe('POST');
    expect(post.body).toEqual({
      server: 'local',
      workflow: 'wf-1',
      scope: 'user.root',
      rse: 'SANDBOX_DISK',
      dataset: 'user.root:final',
      files: ['results/summary.txt']
    });
    expect(job.state).toBe('succeeded');
    model.dispose();
  });

  it('says what is missing or wrong before sending', async () => {
    const api = registerAPI();
    const model = newModel(api);
    await model.destination.load();
    model.toggle('plots', false);
    model.toggle('results/summary.txt', false);
    expect(model.problem).toMatch(/at least one output/);
    model.toggle('plots', true);
    model.dataset = 'user.root:bad name!';
    expect(model.problem).toMatch(/SCOPE:NAME/);
    await expect(
      model.submit(silentFollower(api.request, { interval: 1 }))
    ).rejects.toThrow(/SCOPE:NAME/);
    expect(api.calls.some(c => c.path.endsWith('registrations'))).toBe(false);
    model.dispose();
  });

  it('shows why the RSEs could not be loaded', async () => {
    const api = fakeAPI(() => apiError(403, 'credentials_missing', 'Log in'));
    const model = new RegisterModel({
      client: new RucioClient(api.request),
      instances: [instanceBody()],
      run: RUN
    });
    await model.destination.load();
    expect(model.destination.error).toBe('Log in');
    expect(model.destination.rses).toEqual([]);
    model.dispose();
  });

  it('names like the server does', () => {
    expect(rucioName('higgs fit.3')).toBe('higgs_fit.3');
    expect(rucioName('.hidden')).toBe('_.hidden');
  });
});

describe('RegisterBody', () => {
  it('lists the outputs as checkboxes, the RSE, scope and dataset fields', async () => {
    const api = registerAPI();
    const model = newModel(api);
    await model.destination.load();
    const body = new RegisterBody(model, trans);
    Widget.attach(body, document.body);
    body.update();
    await new Promise(resolve => requestAnimationFrame(resolve));
    await new Promise(resolve => setTimeout(resolve, 0));

    const boxes = body.node.querySelectorAll<HTMLInputElement>(
      '[data-testid="vre-rucio-register-output"]'
    );
    expect(boxes.length).toBe(2);
    boxes[1].click();
    expect(model.isChosen('plots')).toBe(false);
    const dataset = body.node.querySelector<HTMLInputElement>(
      '[data-testid="vre-rucio-register-dataset"] input, input[data-testid="vre-rucio-register-dataset"]'
    );
    expect(dataset?.value).toBe('user.root:higgs_fit.3');
    const select = (id: string) =>
      body.node.querySelector<HTMLSelectElement>(
        `[data-testid="vre-rucio-register-${id}"] select, select[data-testid="vre-rucio-register-${id}"]`
      );
    expect(select('rse')?.value).toBe('SANDBOX_DISK');
    expect(select('scope')?.value).toBe('user.root');
    expect(select('instance')).toBeNull();
    body.dispose();
    model.dispose();
  });
});

describe('the workflow detail', () => {
  async function shown(status: WorkflowStatus) {
    const api = fakeAPI(call =>
      call.path === 'reana/servers/local/workflows/wf-1'
        ? detailBody({ status })
        : apiError(404, null, 'no')
    );
    const asked: WorkflowDetailModel[] = [];
    const { model, widget } = attachWorkflowDetail(api.request, {
      registerOutputs: target => asked.push(target)
    });
    await model.refresh();
    await until(
      () =>
        document.querySelector(
          `[data-testid="vre-reana-workflow"][data-status="${status}"]`
        ) !== null
    );
    const button = document.querySelector<HTMLButtonElement>(
      '[data-testid="vre-reana-register-outputs"]'
    );
    return { widget, button, asked, model };
  }

  it('offers "Register outputs in Rucio…" on a finished run', async () => {
    const { widget, button, asked, model } = await shown('finished');
    expect(button?.textContent).toBe('Register outputs in Rucio…');
    button!.click();
    expect(asked).toEqual([model]);
    widget.dispose();
  });

  it('does not offer it while the run goes on', async () => {
    const { widget, button } = await shown('running');
    expect(button).toBeNull();
    widget.dispose();
  });
});
