/**
 * The `zenodo/...` routes of the vre-lab REST API, typed: the one place the
 * Publish section calls them, through one `RequestFunction` (in the lab:
 * `IVRELab.request`).
 */
import { IJob, RequestFunction } from '../api';
import { NumberedPageFetcher } from '../components/numberedpages';
import {
  ICommunity,
  IDeposit,
  IHitsPage,
  IPrefill,
  IPublished,
  IPublishWhoami,
  IRecordDetail,
  IRecordSearchPage,
  IRecordSummary,
  IRepositories,
  IUploadRequest,
  IValidationAnswer,
  IVocabularies,
  UPLOAD_JOB_KIND
} from './types';

type Query = Record<string, string | number | boolean | null | undefined>;

/**
 * A query for a page of records or communities.
 */
export interface IPageQuery {
  q?: string;
  page?: number;
  size?: number;
  community?: string;
}

/**
 * The pages of a `{hits, total}` route, as a numbered list reads them.
 */
export function hitsPages<T>(
  fetch: (query: IPageQuery) => Promise<IHitsPage<T>>
): NumberedPageFetcher<T> {
  return async query => {
    const answer = await fetch(query);
    return { items: answer?.hits, total: answer?.total };
  };
}

/**
 * A client of the server's `zenodo/...` routes.
 */
export class PublishClient {
  constructor(request: RequestFunction) {
    this._request = request;
  }

  repositories(): Promise<IRepositories> {
    return this._request<IRepositories>(route('repositories'));
  }

  select(repository: string): Promise<{ selected: string }> {
    return this._send(route('selection'), 'PUT', { repository });
  }

  whoami(repository: string): Promise<IPublishWhoami> {
    return this._request<IPublishWhoami>(repoRoute(repository, 'whoami'));
  }

  /**
   * Hand a token to the server, which checks it and keeps it; nothing here
   * keeps it.
   */
  setToken(repository: string, token: string): Promise<IPublishWhoami> {
    return this._send(repoRoute(repository, 'token'), 'PUT', {
      token
    });
  }

  async forgetToken(repository: string): Promise<void> {
    await this._request<void>(repoRoute(repository, 'token'), {
      method: 'DELETE'
    });
  }

  vocabularies(): Promise<IVocabularies> {
    return this._request<IVocabularies>(route('vocabularies'));
  }

  validate(deposit: IDeposit, repository?: string): Promise<IValidationAnswer> {
    return this._send(route('metadata/validate'), 'POST', {
      deposit,
      repository
    });
  }

  /**
   * A POST: the paths of a large selection do not fit into a URL.
   */
  prefill(paths: readonly string[]): Promise<IPrefill> {
    return this._send(route('metadata/prefill'), 'POST', { paths });
  }

  upload(repository: string, upload: IUploadRequest): Promise<IJob> {
    return this._send(repoRoute(repository, 'uploads'), 'POST', {
      ...upload
    });
  }

  resume(jobId: string): Promise<IJob> {
    return this._send(
      route(`uploads/${encodeURIComponent(jobId)}/resume`),
      'POST',
      undefined
    );
  }

  async discardUpload(jobId: string): Promise<void> {
    await this._request<void>(
      route(`uploads/${encodeURIComponent(jobId)}/discard`),
      { method: 'POST' }
    );
  }

  /**
   * The upload jobs the server remembers, newest first.
   */
  async uploadJobs(): Promise<IJob[]> {
    const answer = await this._request<{ jobs: IJob[] }>(
      `jobs?kind=${encodeURIComponent(UPLOAD_JOB_KIND)}`
    );
    return Array.isArray(answer?.jobs) ? answer.jobs : [];
  }

  /**
   * The user's own drafts and records, newest first.
   */
  records(
    repository: string,
    query: IPageQuery
  ): Promise<IHitsPage<IRecordSummary>> {
    return this._request(repoRoute(repository, 'records', { ...query }));
  }

  record(
    repository: string,
    id: string,
    draft = false
  ): Promise<IRecordDetail> {
    return this._request(
      recordRoute(repository, id, '', draft ? { draft: 'true' } : {})
    );
  }

  async discardDraft(repository: string, id: string): Promise<void> {
    await this._request<void>(recordRoute(repository, id, 'draft'), {
      method: 'DELETE'
    });
  }

  publish(
    repository: string,
    id: string,
    citationFolder?: string | null
  ): Promise<IPublished> {
    return this._send(
      recordRoute(repository, id, 'publish'),
      'POST',
      citationFolder ? { citation_folder: citationFolder } : {}
    );
  }

  search(repository: string, query: IPageQuery): Promise<IRecordSearchPage> {
    return this._request(repoRoute(repository, 'search', { ...query }));
  }

  communities(
    repository: string,
    query: IPageQuery
  ): Promise<IHitsPage<ICommunity>> {
    return this._request(repoRoute(repository, 'communities', { ...query }));
  }

  download(
    repository: string,
    id: string,
    options: { files?: string[]; destination?: string } = {}
  ): Promise<IJob> {
    return this._send(recordRoute(repository, id, 'download'), 'POST', options);
  }

  private _send<T>(
    endpoint: string,
    method: string,
    body: unknown
  ): Promise<T> {
    return this._request<T>(endpoint, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  }

  private _request: RequestFunction;
}

/**
 * A route below `zenodo/`.
 */
function route(path: string): string {
  return `zenodo/${path}`;
}

/**
 * The endpoint of a route of one repository, with its query string; empty
 * and missing parameters are left out.
 */
function repoRoute(
  repository: string,
  path: string,
  query: Query = {}
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params.append(key, String(value));
    }
  }
  const search = params.toString();
  const tail = `repositories/${encodeURIComponent(repository)}/${path}${
    search ? `?${search}` : ''
  }`;
  return route(tail);
}

function recordRoute(
  repository: string,
  id: string,
  path = '',
  query: Query = {}
): string {
  const tail = path ? `/${path}` : '';
  return repoRoute(
    repository,
    `records/${encodeURIComponent(id)}${tail}`,
    query
  );
}
