/**
 * The one place where the frontend talks to the vre-lab server extension.
 *
 * Every call goes through `requestAPI`, which joins the endpoint onto the
 * server's base URL (so JupyterHub's `/user/NAME/` prefix is honoured),
 * parses JSON, and turns every failure into a `VRELabAPIError`.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

/**
 * Path segments, below the server's base URL, of the vre-lab REST API.
 */
export const API_PREFIX = ['vre-lab', 'api'];

/**
 * What a failed request was about.
 *
 * - `http`: the vre-lab server answered with an error status.
 * - `missing`: the route does not exist: the server extension is not there.
 * - `network`: no answer at all (server down, connection refused, ...).
 * - `invalid`: an answer that is not the JSON the API promises.
 */
export type APIErrorKind = 'http' | 'missing' | 'network' | 'invalid';

/**
 * An error from the vre-lab REST API, carrying the server's own message.
 */
export class VRELabAPIError extends Error {
  constructor(options: VRELabAPIError.IOptions) {
    super(options.message);
    this.name = 'VRELabAPIError';
    this.kind = options.kind;
    this.status = options.status ?? 0;
    this.reason = options.reason ?? null;
  }

  /**
   * What went wrong, coarsely.
   */
  readonly kind: APIErrorKind;

  /**
   * The HTTP status code, or 0 when the server never answered.
   */
  readonly status: number;

  /**
   * The server's short reason phrase, if it sent one.
   */
  readonly reason: string | null;
}

/**
 * The namespace for `VRELabAPIError` statics.
 */
export namespace VRELabAPIError {
  export interface IOptions {
    kind: APIErrorKind;
    message: string;
    status?: number;
    reason?: string | null;
  }
}

/**
 * The message shown when the server does not know the vre-lab routes.
 */
export function missingExtensionMessage(
  trans: TranslationBundle = nullTranslator.load('vre_lab')
): string {
  return trans.__('vre-lab server extension is not installed or not enabled');
}

/**
 * The same message, untranslated.
 */
export const MISSING_EXTENSION_MESSAGE = missingExtensionMessage();

/**
 * Call the vre-lab REST API.
 *
 * @param endpoint - the path below `{baseUrl}vre-lab/api/`, e.g. `status`
 * @param init - the fetch options (method, body, ...)
 * @param settings - the server connection settings; defaults to the page's
 * @param trans - translates the messages of failures that are not the
 *   server's own
 * @returns the parsed JSON body, or `undefined` for an empty answer (204)
 * @throws {VRELabAPIError} for any failure
 */
export async function requestAPI<T>(
  endpoint = '',
  init: RequestInit = {},
  settings: ServerConnection.ISettings = ServerConnection.makeSettings(),
  trans: TranslationBundle = nullTranslator.load('vre_lab')
): Promise<T> {
  const url = URLExt.join(settings.baseUrl, ...API_PREFIX, endpoint);

  let response: Response;
  let text: string;
  try {
    response = await ServerConnection.makeRequest(url, init, settings);
    text = await response.text();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new VRELabAPIError({
      kind: 'network',
      message: trans.__('Cannot reach the Jupyter server (%1)', detail)
    });
  }

  let data: any = undefined;
  let parsed = false;
  if (text.length > 0) {
    try {
      data = JSON.parse(text);
      parsed = true;
    } catch {
      // Not JSON: handled below, depending on the status.
    }
  }
  const serverMessage =
    parsed && data !== null && typeof data.message === 'string'
      ? (data.message as string)
      : null;

  if (!response.ok) {
    // Our handlers always answer errors with a JSON `message`; a 404 without
    // one comes from Jupyter itself (or a proxy): the route is unknown.
    if (response.status === 404 && serverMessage === null) {
      throw new VRELabAPIError({
        kind: 'missing',
        status: 404,
        message: missingExtensionMessage(trans)
      });
    }
    throw new VRELabAPIError({
      kind: 'http',
      status: response.status,
      reason:
        parsed && data !== null && typeof data.reason === 'string'
          ? data.reason
          : null,
      message:
        serverMessage ??
        (endpoint
          ? trans.__(
              'Request to %1 failed: %2 %3',
              endpoint,
              response.status,
              response.statusText
            )
          : trans.__(
              'Request to the API failed: %1 %2',
              response.status,
              response.statusText
            )
        ).trim()
    });
  }

  if (text.length > 0 && !parsed) {
    throw new VRELabAPIError({
      kind: 'invalid',
      status: response.status,
      message: endpoint
        ? trans.__(
            'The server answered %1 with something that is not JSON',
            endpoint
          )
        : trans.__(
            'The server answered the API with something that is not JSON'
          )
    });
  }
  return data as T;
}

/**
 * Whether a service is set up, as the server reports it.
 */
export interface IServiceStatus {
  configured: boolean;
  summary: string;
}

/**
 * The names of the services in `GET status`.
 */
export type ServiceName = 'data' | 'workflows' | 'publish';

/**
 * The answer of `GET status`.
 */
export interface IServerStatus {
  name: string;
  version: string;
  api_version: number;
  services: Record<ServiceName, IServiceStatus>;
}

/**
 * The states of a long-running server job.
 */
export type JobState =
  'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

/**
 * A long-running operation on the server (`GET jobs`, `GET jobs/{id}`).
 */
export interface IJob {
  id: string;
  kind: string;
  state: JobState;
  /** Between 0 and 1, or null when unknown. */
  progress: number | null;
  message: string;
  params: Record<string, unknown>;
  result: Record<string, unknown>;
  /** ISO 8601 timestamp. */
  created: string;
  /** ISO 8601 timestamp. */
  updated: string;
}

/**
 * A function calling the vre-lab REST API, as `IVRELab.request` does: the
 * seam through which models talk to the server (and tests fake it).
 */
export type RequestFunction = <T>(
  endpoint: string,
  init?: RequestInit
) => Promise<T>;

/**
 * A request function for a model made without one (no server to talk to):
 * every call fails with `message`.
 */
export function unavailableRequest(message: string): RequestFunction {
  return () => Promise.reject(new VRELabAPIError({ kind: 'missing', message }));
}

/**
 * Whether an error is the API's answer with this `reason` code.
 */
export function hasReason(error: unknown, ...reasons: string[]): boolean {
  return (
    error instanceof VRELabAPIError &&
    error.reason !== null &&
    reasons.includes(error.reason)
  );
}

/**
 * The message of any error, as one line for the interface (line breaks and
 * runs of spaces become single spaces).
 */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim();
}
