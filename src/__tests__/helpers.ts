/**
 * Test helpers: a fake `fetch` plugged into the server connection settings,
 * the one seam through which every request passes.
 */
import { ServerConnection } from '@jupyterlab/services';

import { IJob, RequestFunction, requestAPI } from '../api';
import { IRucioInstance, IRucioInstances, IRucioWhoami } from '../rucio/types';

export type Responder = (request: Request) => Response | Promise<Response>;

/**
 * Server settings whose `fetch` is a jest mock answering with `respond`.
 */
export function fakeServer(
  respond: Responder,
  baseUrl = 'http://localhost:8888/user/alice/'
): { settings: ServerConnection.ISettings; fetch: jest.Mock } {
  const fetch = jest.fn((request: Request) =>
    Promise.resolve(respond(request))
  );
  const settings = ServerConnection.makeSettings({
    baseUrl,
    fetch: fetch as unknown as typeof window.fetch
  });
  return { settings, fetch };
}

/**
 * A JSON response.
 */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' }
  });
}

/**
 * The HTML page Jupyter server answers unknown routes with.
 */
export function notFoundPage(): Response {
  return new Response('<html><body><h1>404 : Not Found</h1></body></html>', {
    status: 404,
    statusText: 'Not Found',
    headers: { 'Content-Type': 'text/html' }
  });
}

/**
 * A `GET status` answer.
 */
export function statusBody(
  overrides: Record<string, unknown> = {}
): Record<string, unknown> {
  return {
    name: 'vre_lab',
    version: '0.1.0',
    api_version: 1,
    services: {
      data: { configured: true, summary: 'Rucio instance "sandbox"' },
      workflows: { configured: false, summary: 'No REANA server configured' },
      publish: { configured: false, summary: 'Offline (RO-Crate export)' }
    },
    ...overrides
  };
}

/**
 * One request the fake vre-lab API received.
 */
export interface IFakeCall {
  method: string;
  /** The path below `vre-lab/api/`, e.g. `rucio/sandbox/dids`. */
  path: string;
  query: URLSearchParams;
  /** The parsed JSON body, or undefined. */
  body: any;
}

/**
 * Answers a call: a `Response`, or any value sent as a 200 JSON answer.
 */
export type FakeHandler = (call: IFakeCall) => unknown;

/**
 * A fake vre-lab API behind the real `requestAPI` (through the server
 * connection's `fetch`, the one seam), recording every call.
 */
export function fakeAPI(handler: FakeHandler): {
  request: RequestFunction;
  calls: IFakeCall[];
  settings: ServerConnection.ISettings;
} {
  const calls: IFakeCall[] = [];
  const { settings } = fakeServer(async request => {
    const url = new URL(request.url);
    const path = url.pathname.replace(/^.*?\/vre-lab\/api\//, '');
    const text = await request.text();
    const call: IFakeCall = {
      method: request.method,
      path: decodeURIComponent(path),
      query: url.searchParams,
      body: text ? JSON.parse(text) : undefined
    };
    calls.push(call);
    const answer = await handler(call);
    if (answer instanceof Response) {
      return answer;
    }
    if (answer === undefined) {
      return new Response(null, { status: 204 });
    }
    return json(answer);
  });
  const request: RequestFunction = <T>(endpoint: string, init?: RequestInit) =>
    requestAPI<T>(endpoint, init, settings);
  return { request, calls, settings };
}

/**
 * A request function whose every call answers `body` (e.g. a job as each
 * poll of a follower finds it).
 */
export function answering(body: unknown): RequestFunction {
  return async <T>(): Promise<T> => body as T;
}

/**
 * An API error answer.
 */
export function apiError(
  status: number,
  reason: string | null,
  message: string
): Response {
  return json({ message, reason }, status);
}

/**
 * A job as `GET jobs/{id}` answers it.
 */
export function jobBody(overrides: Partial<IJob> = {}): IJob {
  return {
    id: 'job-1',
    kind: 'rucio.make_available',
    state: 'running',
    progress: null,
    message: '',
    params: {},
    result: {},
    created: '2024-01-01T00:00:00Z',
    updated: '2024-01-01T00:00:00Z',
    ...overrides
  };
}

/**
 * A Rucio instance as `GET rucio/instances` lists it.
 */
export function instanceBody(
  overrides: Partial<IRucioInstance> = {}
): IRucioInstance {
  return {
    name: 'sandbox',
    display_name: 'Rucio sandbox',
    rucio_host: 'http://127.0.0.1:8490',
    auth_type: 'userpass',
    account: 'root',
    vo: null,
    modes: ['download'],
    default_mode: 'download',
    destination_rse: null,
    credentials: 'configured',
    ...overrides
  };
}

/**
 * `GET rucio/instances` with these instances (by default the sandbox), the
 * first one the default.
 */
export function instancesBody(
  instances: IRucioInstance[] = [instanceBody()]
): IRucioInstances {
  return { instances, default: instances[0]?.name ?? null };
}

/**
 * `GET rucio/{instance}/whoami`: root on the sandbox, logged in with a user
 * name and password, its token good for an hour.
 */
export function whoamiBody(
  overrides: Partial<IRucioWhoami> = {}
): IRucioWhoami {
  return {
    instance: 'sandbox',
    account: 'root',
    auth_type: 'userpass',
    token_expires_at: null,
    token_seconds_left: 3600,
    ...overrides
  };
}

/**
 * Wait until `check` holds (polling), or fail after `timeout` ms.
 */
export async function until(
  check: () => boolean,
  timeout = 3000,
  what = 'the condition'
): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

/**
 * The element of the document matching `selector` once `check` holds for it.
 */
export async function find(
  selector: string,
  check: (node: HTMLElement) => boolean = () => true
): Promise<HTMLElement> {
  let found: HTMLElement | null = null;
  await until(
    () => {
      found = document.querySelector<HTMLElement>(selector);
      return found !== null && check(found);
    },
    5000,
    selector
  );
  return found!;
}

/**
 * Type into a React-controlled input, as a user does.
 */
export function typeInto(input: HTMLInputElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(
    HTMLInputElement.prototype,
    'value'
  )!.set!;
  setter.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Whether `needle` is in any string reachable from `root` (own properties,
 * Maps, Sets, arrays), e.g. a password kept somewhere in a model.
 */
export function holdsString(root: unknown, needle: string): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown): boolean => {
    if (typeof value === 'string') {
      return value.includes(needle);
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) {
      return false;
    }
    seen.add(value);
    if (value instanceof Map) {
      return [...value.entries()].some(([k, v]) => visit(k) || visit(v));
    }
    if (value instanceof Set) {
      return [...value].some(visit);
    }
    return Object.getOwnPropertyNames(value).some(key =>
      visit((value as Record<string, unknown>)[key])
    );
  };
  return visit(root);
}

/**
 * Make the document look as if JupyterLab had loaded its toasts (the
 * notifications of vre-lab wait for them before dismissing one).
 */
export function toastsLoaded(): void {
  if (!document.getElementById('react-toastify-container')) {
    const container = document.createElement('div');
    container.id = 'react-toastify-container';
    document.body.appendChild(container);
  }
}

/**
 * Wait until the notifications vre-lab replaced are dismissed (a moment
 * after the replacement: see `dismissWhenShown`).
 */
export function notificationsSettled(): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, 300));
}
