import { TranslationBundle } from '@jupyterlab/translation';

import { MISSING_EXTENSION_MESSAGE, requestAPI, VRELabAPIError } from '../api';
import { fakeServer, json, notFoundPage } from './helpers';

/**
 * Run `promise`, expecting it to reject with a `VRELabAPIError`.
 */
async function apiError(promise: Promise<unknown>): Promise<VRELabAPIError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(VRELabAPIError);
    return error as VRELabAPIError;
  }
  throw new Error('expected the request to fail');
}

describe('requestAPI', () => {
  it('joins the endpoint onto a non-root base URL (JupyterHub)', async () => {
    const { settings, fetch } = fakeServer(
      () => json({ ok: true }),
      '/user/alice/'
    );

    await requestAPI('jobs/abc', {}, settings);

    expect(fetch).toHaveBeenCalledTimes(1);
    const request = fetch.mock.calls[0][0] as Request;
    expect(new URL(request.url).pathname).toBe(
      '/user/alice/vre-lab/api/jobs/abc'
    );
  });

  it('returns the parsed JSON body', async () => {
    const { settings } = fakeServer(() => json({ jobs: [{ id: 'j1' }] }));

    const data = await requestAPI<{ jobs: { id: string }[] }>(
      'jobs',
      {},
      settings
    );

    expect(data).toEqual({ jobs: [{ id: 'j1' }] });
  });

  it('passes the method through and returns undefined for 204', async () => {
    const { settings, fetch } = fakeServer(
      () => new Response(null, { status: 204 })
    );

    const data = await requestAPI('jobs/j1', { method: 'DELETE' }, settings);

    expect(data).toBeUndefined();
    expect((fetch.mock.calls[0][0] as Request).method).toBe('DELETE');
  });

  it("surfaces the server's message, status and reason", async () => {
    const { settings } = fakeServer(() =>
      json(
        { message: 'The Rucio server timed out', reason: 'Bad Gateway' },
        502
      )
    );

    const error = await apiError(requestAPI('status', {}, settings));

    expect(error.kind).toBe('http');
    expect(error.status).toBe(502);
    expect(error.message).toBe('The Rucio server timed out');
    expect(error.reason).toBe('Bad Gateway');
  });

  it('maps a 404 without an API message to the missing extension', async () => {
    const { settings } = fakeServer(() => notFoundPage());

    const error = await apiError(requestAPI('status', {}, settings));

    expect(error.kind).toBe('missing');
    expect(error.status).toBe(404);
    expect(error.message).toBe(MISSING_EXTENSION_MESSAGE);
    expect(error.message).toMatch(/not installed or not enabled/);
  });

  it('keeps the server message of a 404 from the API itself', async () => {
    const { settings } = fakeServer(() =>
      json({ message: 'No job with id "nope"', reason: null }, 404)
    );

    const error = await apiError(requestAPI('jobs/nope', {}, settings));

    expect(error.kind).toBe('http');
    expect(error.status).toBe(404);
    expect(error.message).toBe('No job with id "nope"');
    expect(error.reason).toBeNull();
  });

  it('describes an error without a JSON body by its status', async () => {
    const { settings } = fakeServer(
      () =>
        new Response('Internal Server Error', {
          status: 500,
          statusText: 'Internal Server Error'
        })
    );

    const error = await apiError(requestAPI('status', {}, settings));

    expect(error.kind).toBe('http');
    expect(error.status).toBe(500);
    expect(error.message).toMatch(/500/);
  });

  it('reports an unreachable server as a network error', async () => {
    const { settings } = fakeServer(() => {
      throw new TypeError('Failed to fetch');
    });

    const error = await apiError(requestAPI('status', {}, settings));

    expect(error.kind).toBe('network');
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/Cannot reach the Jupyter server/);
    expect(error.message).toMatch(/Failed to fetch/);
  });

  it('rejects a successful answer that is not JSON', async () => {
    const { settings } = fakeServer(
      () => new Response('<html>login</html>', { status: 200 })
    );

    const error = await apiError(requestAPI('status', {}, settings));

    expect(error.kind).toBe('invalid');
  });

  it("says its own failures in the user's language", async () => {
    // A bundle that marks every string it translates.
    const trans = {
      __: (text: string, ...args: unknown[]) =>
        `«${args.reduce<string>(
          (out, arg, i) => out.replace(`%${i + 1}`, String(arg)),
          text
        )}»`
    } as unknown as TranslationBundle;
    const missing = fakeServer(() => notFoundPage());
    const error = await apiError(
      requestAPI('status', {}, missing.settings, trans)
    );
    expect(error.message).toBe(
      '«vre-lab server extension is not installed or not enabled»'
    );
    const down = fakeServer(() => {
      throw new TypeError('Failed to fetch');
    });
    const unreachable = await apiError(
      requestAPI('status', {}, down.settings, trans)
    );
    expect(unreachable.message).toBe(
      '«Cannot reach the Jupyter server (Failed to fetch)»'
    );
    const failing = fakeServer(
      () => new Response('oops', { status: 500, statusText: 'Server Error' })
    );
    const failed = await apiError(
      requestAPI('jobs', {}, failing.settings, trans)
    );
    expect(failed.message).toBe('«Request to jobs failed: 500 Server Error»');
  });
});
