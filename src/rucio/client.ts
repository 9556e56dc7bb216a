/**
 * The Rucio routes of the vre-lab REST API, typed. Every call goes through
 * one `RequestFunction` (in the lab: `IVRELab.request`, i.e. `requestAPI`).
 */
import { IJob, RequestFunction } from '../api';
import {
  IDIDSearch,
  IPage,
  IRucioCredentials,
  IRucioDID,
  IRucioDIDDetail,
  IRucioFile,
  IRucioInstances,
  IRucioPaths,
  IRucioRegistration,
  IRucioRule,
  IRucioUpload,
  IRucioWhoami,
  RucioMode
} from './types';

/**
 * A client of the server's `rucio/...` routes.
 */
/**
 * Rows per page after the first of a search or of a DID's files: the most the server gives
 * (the first page stays small, so that it comes fast; the next ones are few calls).
 */
export const MORE_PAGE_SIZE = 1000;

export class RucioClient {
  constructor(request: RequestFunction) {
    this._request = request;
  }

  /**
   * The configured instances and the default one.
   */
  instances(): Promise<IRucioInstances> {
    return this._request<IRucioInstances>('rucio/instances');
  }

  /**
   * Who the server is connected as on `instance`.
   */
  whoami(instance: string): Promise<IRucioWhoami> {
    return this._request<IRucioWhoami>(route(instance, 'whoami'));
  }

  /**
   * Log in; the credentials stay on the server.
   */
  login(
    instance: string,
    credentials: IRucioCredentials
  ): Promise<IRucioWhoami> {
    return this._request<IRucioWhoami>(route(instance, 'credentials'), {
      method: 'PUT',
      body: JSON.stringify(credentials)
    });
  }

  /**
   * Forget the credentials the user typed for `instance`.
   */
  async logout(instance: string): Promise<void> {
    await this._request<void>(route(instance, 'credentials'), {
      method: 'DELETE'
    });
  }

  /**
   * Every scope, sorted.
   */
  async scopes(instance: string): Promise<string[]> {
    const answer = await this._request<{ scopes: string[] }>(
      route(instance, 'scopes')
    );
    return answer.scopes;
  }

  /**
   * The RSEs matching an RSE expression (all by default).
   */
  async rses(instance: string, expression?: string): Promise<string[]> {
    const answer = await this._request<{ rses: string[] }>(
      route(instance, 'rses', { expression })
    );
    return answer.rses;
  }

  /**
   * One page of a DID search.
   */
  searchDIDs(
    instance: string,
    search: IDIDSearch,
    cursor: string | null,
    pageSize?: number
  ): Promise<IPage<IRucioDID>> {
    return this._request<IPage<IRucioDID>>(
      route(instance, 'dids', {
        query: search.query,
        scope: search.scope,
        type: search.type,
        filter: search.filter,
        page_size: pageSize,
        cursor
      })
    );
  }

  /**
   * One DID with its metadata and availability here.
   */
  did(instance: string, did: string): Promise<IRucioDIDDetail> {
    return this._request<IRucioDIDDetail>(route(instance, 'did', { did }));
  }

  /**
   * One page of the files of a DID, with their replicas.
   */
  didFiles(
    instance: string,
    did: string,
    cursor: string | null,
    pageSize?: number
  ): Promise<IPage<IRucioFile>> {
    return this._request<IPage<IRucioFile>>(
      route(instance, 'did/files', { did, page_size: pageSize, cursor })
    );
  }

  /**
   * The replication rules of a DID.
   */
  async didRules(instance: string, did: string): Promise<IRucioRule[]> {
    const answer = await this._request<{ rules: IRucioRule[] }>(
      route(instance, 'did/rules', { did })
    );
    return answer.rules;
  }

  /**
   * The local paths of a DID that is available here; a 409 with reason
   * `not_available` when it is not.
   */
  didPaths(
    instance: string,
    did: string,
    mode?: RucioMode
  ): Promise<IRucioPaths> {
    return this._request<IRucioPaths>(
      route(instance, 'did/paths', { did, mode })
    );
  }

  /**
   * Start a job making a DID available here.
   */
  makeAvailable(
    instance: string,
    did: string,
    mode?: RucioMode
  ): Promise<IJob> {
    return this._request<IJob>(route(instance, 'make-available'), {
      method: 'POST',
      body: JSON.stringify(mode ? { did, mode } : { did })
    });
  }

  /**
   * Start a job uploading a workspace file to an RSE.
   */
  upload(instance: string, upload: IRucioUpload): Promise<IJob> {
    return this._request<IJob>(route(instance, 'upload'), {
      method: 'POST',
      body: JSON.stringify(upload)
    });
  }

  /**
   * Start a job registering a finished run's outputs in a dataset.
   */
  register(instance: string, registration: IRucioRegistration): Promise<IJob> {
    return this._request<IJob>(route(instance, 'registrations'), {
      method: 'POST',
      body: JSON.stringify(registration)
    });
  }

  /**
   * One job (any service's).
   */
  job(id: string): Promise<IJob> {
    return this._request<IJob>(`jobs/${encodeURIComponent(id)}`);
  }

  private _request: RequestFunction;
}

/**
 * The endpoint of a route of one instance, with its query string; empty
 * and missing parameters are left out.
 */
function route(
  instance: string,
  path: string,
  query: Record<string, string | number | null | undefined> = {}
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params.append(key, String(value));
    }
  }
  const search = params.toString();
  return `rucio/${encodeURIComponent(instance)}/${path}${
    search ? `?${search}` : ''
  }`;
}
