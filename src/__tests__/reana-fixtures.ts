/**
 * Fixtures of the Workflows tests: answers of the `reana/...` routes.
 */
import {
  IReanaServer,
  IValidation,
  IWorkflow,
  IWorkflowDetail
} from '../reana/types';

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
