/**
 * The `reana/...` routes of the vre-lab REST API, typed: the one place the
 * frontend calls them. Every call goes through one `RequestFunction` (in the
 * lab: `IVRELab.request`, i.e. `requestAPI`).
 */
import { IJob, RequestFunction } from '../api';
import {
  IDownloadRequest,
  IPageAnswer,
  IReanaSecret,
  IReanaServers,
  IReanaWhoami,
  IRunRequest,
  ISecretRequest,
  IValidation,
  IWorkflow,
  IWorkflowDetail,
  IWorkflowLogs,
  IWorkflowQuery,
  IWorkspaceFile,
  LOCAL_SERVER,
  RUN_JOB_KIND
} from './types';

/**
 * A client of the server's `reana/...` routes.
 */
export class ReanaClient {
  constructor(request: RequestFunction) {
    this._request = request;
  }

  /**
   * The servers and the one terminals are given.
   */
  servers(): Promise<IReanaServers> {
    return this._request<IReanaServers>('reana/servers');
  }

  /**
   * Give terminals this server.
   */
  select(server: string): Promise<{ selected: string }> {
    return this._request<{ selected: string }>('reana/selection', {
      method: 'PUT',
      body: JSON.stringify({ server })
    });
  }

  /**
   * Who the server's token belongs to.
   */
  whoami(server: string): Promise<IReanaWhoami> {
    return this._request<IReanaWhoami>(serverRoute(server, 'whoami'));
  }

  /**
   * Hand a token to the server, which checks it with REANA and keeps it.
   * Nothing here keeps it.
   */
  setToken(server: string, token: string): Promise<IReanaWhoami> {
    return this._request<IReanaWhoami>(serverRoute(server, 'token'), {
      method: 'PUT',
      body: JSON.stringify({ token })
    });
  }

  /**
   * Forget the token the user entered for a server.
   */
  async forgetToken(server: string): Promise<void> {
    await this._request<void>(serverRoute(server, 'token'), {
      method: 'DELETE'
    });
  }

  /**
   * Re-run the run an RO-Crate (a .zip or a crate folder of the lab, or a
   * published record) records, and compare its outputs (a `reproduction` job).
   */
  reproduce(
    source: string | { repository: string; id: string },
    server?: string
  ): Promise<IJob> {
    const body: Record<string, unknown> =
      typeof source === 'string' ? { source } : { record: source };
    if (server && server !== LOCAL_SERVER) {
      body.server = server;
    }
    return this._request<IJob>('reana/reproductions', {
      method: 'POST',
      body: JSON.stringify(body)
    });
  }

  /**
   * Validate a reana.yaml of the lab's file tree (offline).
   */
  validate(path: string): Promise<IValidation> {
    return this._request<IValidation>('reana/validate', {
      method: 'POST',
      body: JSON.stringify({ path })
    });
  }

  /**
   * One page of a server's workflows: one request, whatever the page holds.
   */
  workflows(
    server: string,
    query: IWorkflowQuery
  ): Promise<IPageAnswer<IWorkflow>> {
    return this._request<IPageAnswer<IWorkflow>>(
      serverRoute(server, 'workflows', {
        status: query.status?.length ? query.status.join(',') : undefined,
        search: query.search,
        sort: query.sort,
        page: query.page,
        size: query.size
      })
    );
  }

  /**
   * Start a job that creates, uploads and starts a workflow.
   */
  run(server: string, run: IRunRequest): Promise<IJob> {
    return this._request<IJob>(serverRoute(server, 'runs'), {
      method: 'POST',
      body: JSON.stringify(run)
    });
  }

  /**
   * Continue an interrupted or failed run (a new job).
   */
  resume(jobId: string): Promise<IJob> {
    return this._request<IJob>(
      `reana/runs/${encodeURIComponent(jobId)}/resume`,
      { method: 'POST' }
    );
  }

  /**
   * Delete the half-created workflow of a run, and its job.
   */
  async cleanup(jobId: string): Promise<void> {
    await this._request<void>(
      `reana/runs/${encodeURIComponent(jobId)}/cleanup`,
      { method: 'POST' }
    );
  }

  /**
   * The run jobs the server remembers, newest first.
   */
  async runJobs(limit?: number): Promise<IJob[]> {
    const params = new URLSearchParams({ kind: RUN_JOB_KIND });
    if (limit) {
      params.set('limit', String(limit));
    }
    const answer = await this._request<{ jobs: IJob[] }>(
      `jobs?${params.toString()}`
    );
    return Array.isArray(answer?.jobs) ? answer.jobs : [];
  }

  /**
   * One job (any service's).
   */
  job(id: string): Promise<IJob> {
    return this._request<IJob>(`jobs/${encodeURIComponent(id)}`);
  }

  /**
   * One workflow with its parameters and specification.
   */
  workflow(server: string, id: string): Promise<IWorkflowDetail> {
    return this._request<IWorkflowDetail>(workflowRoute(server, id));
  }

  /**
   * The engine's log and each step's log; with `since` (an answer's
   * `cursor`), only what they gained after that answer.
   */
  logs(server: string, id: string, since = ''): Promise<IWorkflowLogs> {
    return this._request<IWorkflowLogs>(
      workflowRoute(server, id, 'logs', { since })
    );
  }

  /**
   * One page of a workflow's workspace.
   */
  workspace(
    server: string,
    id: string,
    query: { search?: string; page?: number; size?: number }
  ): Promise<IPageAnswer<IWorkspaceFile>> {
    return this._request<IPageAnswer<IWorkspaceFile>>(
      workflowRoute(server, id, 'workspace', query)
    );
  }

  /**
   * Start a job downloading workspace files into the lab's file tree.
   */
  download(
    server: string,
    id: string,
    download: IDownloadRequest
  ): Promise<IJob> {
    return this._request<IJob>(workflowRoute(server, id, 'download'), {
      method: 'POST',
      body: JSON.stringify(download)
    });
  }

  /**
   * Stop a running workflow.
   */
  stop(server: string, id: string): Promise<IWorkflow> {
    return this._request<IWorkflow>(workflowRoute(server, id, 'stop'), {
      method: 'POST'
    });
  }

  /**
   * Delete a workflow and its workspace.
   */
  async deleteWorkflow(server: string, id: string): Promise<void> {
    await this._request<void>(workflowRoute(server, id), { method: 'DELETE' });
  }

  /**
   * The names and types of the user's secrets on a REANA server.
   */
  async secrets(server: string): Promise<IReanaSecret[]> {
    const answer = await this._request<{ secrets: IReanaSecret[] }>(
      serverRoute(server, 'secrets')
    );
    return Array.isArray(answer?.secrets) ? answer.secrets : [];
  }

  /**
   * Add a secret; its value goes in this one request and nowhere else.
   */
  addSecret(server: string, secret: ISecretRequest): Promise<IReanaSecret> {
    return this._request<IReanaSecret>(serverRoute(server, 'secrets'), {
      method: 'POST',
      body: JSON.stringify(secret)
    });
  }

  /**
   * Delete a secret.
   */
  async deleteSecret(server: string, name: string): Promise<void> {
    await this._request<void>(
      serverRoute(server, `secrets/${encodeURIComponent(name)}`),
      { method: 'DELETE' }
    );
  }

  private _request: RequestFunction;
}

type Query = Record<string, string | number | null | undefined>;

/**
 * The endpoint of a route of one server, with its query string; empty and
 * missing parameters are left out.
 */
function serverRoute(server: string, path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params.append(key, String(value));
    }
  }
  const search = params.toString();
  return `reana/servers/${encodeURIComponent(server)}/${path}${
    search ? `?${search}` : ''
  }`;
}

/**
 * The endpoint of a route of one workflow.
 */
function workflowRoute(
  server: string,
  id: string,
  path = '',
  query: Query = {}
): string {
  const tail = path ? `/${path}` : '';
  return serverRoute(
    server,
    `workflows/${encodeURIComponent(id)}${tail}`,
    query
  );
}
