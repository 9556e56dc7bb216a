import { ReactWidget } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

import { HandshakeModel } from '../handshake';
import { WorkflowsModel, WorkflowsSection } from '../reana';
import { LogText } from '../reana/logview';
import { IReanaServer, IWorkflow } from '../reana/types';
import {
  apiError,
  fakeAPI,
  find,
  IFakeCall,
  jobBody,
  statusBody,
  typeInto,
  until
} from './helpers';
import { reanaServerBody, serverBody, workflowBody } from './reana-fixtures';

/**
 * The lab's server as a fake API: `local` with two workflows, a REANA
 * server `cern` without a token, and one interrupted run.
 */
function labAPI() {
  const state = {
    failList: false,
    cernToken: null as IReanaServer['token']
  };
  const api = fakeAPI((call: IFakeCall) => {
    switch (`${call.method} ${call.path}`) {
      case 'GET status':
        return statusBody({
          services: {
            data: { configured: false, summary: '' },
            workflows: {
              configured: true,
              summary: 'Local engine, 1 REANA server'
            },
            publish: { configured: false, summary: '' }
          }
        });
      case 'GET reana/servers':
        return {
          servers: [serverBody(), reanaServerBody({ token: state.cernToken })],
          selected: 'local'
        };
      case 'PUT reana/selection':
        return { selected: call.body.server };
      case 'PUT reana/servers/cern/token':
        state.cernToken = 'user';
        return {
          server: 'cern',
          user: { email: null, full_name: null, username: 'ada' }
        };
      case 'GET reana/servers/cern/workflows':
        return { items: [], total: 0, page: 1, size: 20 };
      case 'GET reana/servers/cern/secrets':
        return { secrets: [{ name: 'CERN_USER', type: 'env' }] };
      case 'GET reana/servers/local/workflows':
        if (state.failList) {
          return apiError(502, 'backend_error', 'The local engine failed');
        }
        return {
          items: [
            workflowBody({
              id: 'wf-2',
              run_number: '2',
              status: 'running',
              progress: { total: 4, finished: 1, failed: 0, running: 1 }
            }),
            workflowBody({ id: 'wf-1', run_number: '1', status: 'finished' })
          ],
          total: 2,
          page: 1,
          size: 20
        };
      case 'GET jobs':
        return {
          jobs: [
            jobBody({
              id: 'run-7',
              kind: 'reana-run',
              state: 'interrupted',
              message: 'Uploading 12/1001: data/events_0012.csv',
              params: { server: 'cern', path: 'big/reana.yaml', name: 'big' }
            })
          ]
        };
      default:
        return apiError(404, null, `no route ${call.path}`);
    }
  });
  return { ...api, state };
}

describe('WorkflowsSection', () => {
  let cleanup: (() => void) | null = null;

  afterEach(() => {
    cleanup?.();
    cleanup = null;
  });

  async function createSection() {
    const api = labAPI();
    const handshake = new HandshakeModel({
      serverSettings: api.settings,
      frontendVersion: '0.1.0'
    });
    const model = new WorkflowsModel({
      handshake,
      request: api.request,
      listOptions: { activeInterval: 50, maxInterval: 400 }
    });
    const opened: IWorkflow[] = [];
    const section = new WorkflowsSection({
      model,
      onOpen: workflow => opened.push(workflow)
    });
    Widget.attach(section, document.body);
    cleanup = () => {
      section.dispose();
      handshake.dispose();
    };
    await handshake.refresh();
    return { api, model, section, opened };
  }

  it('lists the workflows with status, progress and opens one', async () => {
    const { opened } = await createSection();
    const running = await find('.vre-WorkflowRow[data-status="running"]');
    expect(running.dataset.name).toBe('analysis.2');
    expect(running.textContent).toContain('1/4');
    expect(
      running.querySelector('.vre-StatusBadge.vre-mod-running')
    ).not.toBeNull();
    expect(
      running
        .querySelector('[role="progressbar"]')!
        .getAttribute('aria-valuenow')
    ).toBe('1');
    await find('.vre-WorkflowRow[data-status="finished"]');
    const summary = await find('[data-testid="vre-reana-list-summary"]');
    expect(summary.textContent).toContain('1–2 of 2');

    running.click();
    expect(opened.map(w => w.id)).toEqual(['wf-2']);

    const connection = await find('[data-testid="vre-reana-connection"]');
    expect(connection.dataset.state).toBe('local');
  });

  it('lists an interrupted run at the top with Resume and Clean up', async () => {
    await createSection();
    const run = await find('[data-testid="vre-reana-run-jobs"] .vre-RunJob');
    expect(run.dataset.state).toBe('interrupted');
    expect(run.textContent).toContain('Uploading 12/1001');
    const labels = Array.from(run.querySelectorAll('button')).map(
      b => b.textContent
    );
    expect(labels).toEqual(['Resume', 'Clean up']);
  });

  it('shows one error line with Retry, which recovers', async () => {
    const { api } = await createSection();
    await find('.vre-WorkflowRow');
    api.state.failList = true;
    (await find('[data-testid="vre-reana-refresh"]')).click();
    const summary = await find(
      '[data-testid="vre-reana-list-summary"]',
      node => node.dataset.state === 'error'
    );
    expect(summary.getAttribute('role')).toBe('alert');
    expect(summary.textContent).toContain('The local engine failed');
    expect(document.querySelectorAll('[role="alert"]').length).toBe(1);

    api.state.failList = false;
    (await find('[data-testid="vre-reana-retry"]')).click();
    await find(
      '[data-testid="vre-reana-list-summary"]',
      node => node.dataset.state === 'ready'
    );
  });

  it('asks for a token for a REANA server, sends it once and forgets it', async () => {
    const { api, model } = await createSection();
    await find('.vre-WorkflowRow');
    const select = (await find(
      'select[data-testid="vre-reana-server"]'
    )) as HTMLSelectElement;
    expect(Array.from(select.options).map(o => o.value)).toEqual([
      'local',
      'cern'
    ]);
    await model.servers.select('cern');

    const input = (await find(
      'input[data-testid="vre-reana-token"]'
    )) as HTMLInputElement;
    expect(input.type).toBe('password');
    typeInto(input, 'tok-123');
    const form = await find('[data-testid="vre-reana-token-form"]');
    await until(
      () =>
        !form.querySelector<HTMLButtonElement>('button[type="submit"]')!
          .disabled
    );
    form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();

    await find(
      '[data-testid="vre-reana-connection"]',
      node => node.dataset.state === 'connected'
    );
    const put = api.calls.filter(
      c => c.method === 'PUT' && c.path.endsWith('/token')
    );
    expect(put.map(c => c.body)).toEqual([{ token: 'tok-123' }]);
    expect(document.body.innerHTML).not.toContain('tok-123');

    // REANA servers have secrets.
    (await find('[data-testid="vre-reana-tab-secrets"]')).click();
    const secrets = await find('[data-testid="vre-reana-secrets"]', node =>
      node.textContent!.includes('CERN_USER')
    );
    expect(secrets.querySelector('[data-secret="CERN_USER"]')).not.toBeNull();
  });

  it('shows only the service status without a connection to the server', async () => {
    const api = labAPI();
    const handshake = new HandshakeModel({
      serverSettings: api.settings,
      frontendVersion: '0.1.0'
    });
    const section = new WorkflowsSection({ handshake });
    Widget.attach(section, document.body);
    cleanup = () => {
      section.dispose();
      handshake.dispose();
    };
    await handshake.refresh();
    // Configured: where it connects is in the title's tooltip.
    await until(() =>
      section.title.caption.includes('Local engine, 1 REANA server')
    );
    expect(api.calls.map(c => c.path)).toEqual(['status']);
  });
});

describe('LogText', () => {
  class LogWidget extends ReactWidget {
    text = 'line 1\n';
    protected render(): React.ReactElement {
      return (
        <LogText text={this.text} label="log" empty="(empty)" testid="log" />
      );
    }
  }

  it('keeps following the end only while the reader is at the bottom', async () => {
    const widget = new LogWidget();
    Widget.attach(widget, document.body);
    const pre = await find('[data-testid="log"]');
    let height = 1000;
    let top = 0;
    Object.defineProperty(pre, 'scrollHeight', { get: () => height });
    Object.defineProperty(pre, 'clientHeight', { get: () => 100 });
    Object.defineProperty(pre, 'scrollTop', {
      get: () => top,
      set: (value: number) => {
        top = value;
      }
    });

    const show = async (text: string): Promise<void> => {
      widget.text = text;
      widget.update();
      await find('[data-testid="log"]', node => node.textContent === text);
    };

    await show('line 1\nline 2\n');
    expect(top).toBe(1000);

    // The reader scrolls up: new lines do not move the view.
    top = 300;
    pre.dispatchEvent(new Event('scroll'));
    height = 1200;
    await show('line 1\nline 2\nline 3\n');
    expect(top).toBe(300);

    // Back at the bottom: the view follows again.
    top = 1100;
    pre.dispatchEvent(new Event('scroll'));
    height = 1400;
    await show('line 1\nline 2\nline 3\nline 4\n');
    expect(top).toBe(1400);
    widget.dispose();
  });
});
