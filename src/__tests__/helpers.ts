/**
 * Test helpers: a fake `fetch` plugged into the server connection settings,
 * the one seam through which every request passes.
 */
import { ServerConnection } from '@jupyterlab/services';

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
