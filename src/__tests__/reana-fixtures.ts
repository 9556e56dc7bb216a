/**
 * Fixtures of the Workflows tests: answers of the `reana/...` routes, and a
 * workflow's detail widget on the page.
 */
import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import { RequestFunction } from '../api';
import { silentFollower } from '../components/jobs';
import { ReanaClient } from '../reana/client';
import {
  IReanaServer,
  IValidation,
  IWorkflow,
  IWorkflowDetail
} from '../reana/types';
import { WorkflowDetailModel } from '../reana/workflowdetailmodel';
import { IWorkflowDetailActions } from '../reana/workflowdetailview';
import { WorkflowDetailWidget } from '../reana/workflowdetailwidget';

/**
 * A workflow as the list answers it.
 */
export function workflowBody(overrides: Partial<IWorkflow> = {}): IWorkflow {
  return {
    id: 'wf-1',
    name: 'analysis',
    run_number: '1',
    status: 'finished',
    created: '2024-05-01T10:00:00Z',
    started: '2024-05-01T10:00:05Z',
    finished: '2024-05-01T10:01:10Z',
    duration_seconds: 65,
    progress: { total: 3, finished: 3, failed: 0, running: 0 },
    size_bytes: 2048,
    server: 'local',
    ...overrides
  };
}

/**
 * A workflow as `GET .../workflows/{id}` answers it.
 */
export function detailBody(
  overrides: Partial<IWorkflowDetail> = {}
): IWorkflowDetail {
  return {
    ...workflowBody(),
    parameters: { events: 1000, channel: 'mumu' },
    specification: { inputs: { parameters: { events: 1000 } } },
    workspace_path: 'reana-runs/analysis.1',
    engine_note: null,
    outputs: ['results/plot.png'],
    ...overrides
  };
}

/**
 * A server of `GET reana/servers`.
 */
export function serverBody(
  overrides: Partial<IReanaServer> = {}
): IReanaServer {
  return {
    name: 'local',
    display_name: 'Local engine',
    kind: 'local',
    url: null,
    token: null,
    description: 'Runs serial workflows on this machine',
    ...overrides
  };
}

/**
 * A REANA server of `GET reana/servers`.
 */
export function reanaServerBody(
  overrides: Partial<IReanaServer> = {}
): IReanaServer {
  return serverBody({
    name: 'cern',
    display_name: 'REANA at CERN',
    kind: 'reana',
    url: 'https://reana.cern.ch',
    token: 'config',
    description: '',
    ...overrides
  });
}

/**
 * A validation answer.
 */
export function validationBody(
  overrides: Partial<IValidation> = {}
): IValidation {
  return {
    valid: true,
    issues: [],
    parameters: { events: 1000, channel: 'mumu' },
    specification: {},
    workflow_type: 'serial',
    ...overrides
  };
}

/**
 * Wait `ms` milliseconds.
 */
export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * The detail of workflow `wf-1` of the local engine, as `request` answers
 * it, in its widget attached to the page (the model not started yet): the
 * `actions` given, the others doing nothing.
 */
export function attachWorkflowDetail(
  request: RequestFunction,
  actions: Partial<IWorkflowDetailActions> = {},
  options: Partial<WorkflowDetailModel.IOptions> = {}
): { model: WorkflowDetailModel; widget: WorkflowDetailWidget } {
  const trans = nullTranslator.load('vre_lab');
  const model = new WorkflowDetailModel({
    client: new ReanaClient(request),
    server: 'local',
    id: 'wf-1',
    follow: silentFollower(request, { interval: 5 }),
    trans,
    ...options
  });
  const widget = new WorkflowDetailWidget({
    model,
    trans,
    actions: { openPath: () => undefined, rerun: () => undefined, ...actions }
  });
  Widget.attach(widget, document.body);
  return { model, widget };
}
