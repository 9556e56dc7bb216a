import { version as packageVersion } from '../../package.json';
import {
  API_VERSION,
  FRONTEND_VERSION,
  HandshakeModel,
  normalizeVersion
} from '../handshake';
import {
  fakeServer,
  json,
  notFoundPage,
  Responder,
  statusBody
} from './helpers';

/**
 * A handshake model talking to a fake server, and a count of its signals.
 */
function setup(
  respond: Responder,
  frontendVersion = '0.1.0'
): { model: HandshakeModel; fetch: jest.Mock; emitted: () => number } {
  const { settings, fetch } = fakeServer(respond);
  const model = new HandshakeModel({
    serverSettings: settings,
    frontendVersion,
    apiVersion: 1
  });
  let count = 0;
  model.changed.connect(() => {
    count++;
  });
  return { model, fetch, emitted: () => count };
}

describe('HandshakeModel', () => {
  it('starts in the checking state', () => {
    const { model } = setup(() => json(statusBody()));

    expect(model.state).toBe('checking');
    expect(model.serverStatus).toBeNull();
  });

  it('is ok when versions match, and says which server version', async () => {
    const { model, fetch, emitted } = setup(() => json(statusBody()));

    const state = await model.refresh();

    expect(state).toBe('ok');
    expect(model.state).toBe('ok');
    expect(model.message).toContain('0.1.0');
    expect(model.serverStatus?.services.data.configured).toBe(true);
    expect(model.error).toBeNull();
    expect(emitted()).toBe(1);
    expect(new URL((fetch.mock.calls[0][0] as Request).url).pathname).toBe(
      '/user/alice/vre-lab/api/status'
    );
  });

  it('reports a version mismatch with both versions', async () => {
    const { model, emitted } = setup(() =>
      json(statusBody({ version: '0.2.0' }))
    );

    await model.refresh();

    expect(model.state).toBe('mismatch');
    expect(model.message).toContain('0.2.0');
    expect(model.message).toContain('0.1.0');
    expect(model.serverStatus?.version).toBe('0.2.0');
    expect(emitted()).toBe(1);
  });

  it('reports an API version mismatch', async () => {
    const { model } = setup(() => json(statusBody({ api_version: 2 })));

    await model.refresh();

    expect(model.state).toBe('mismatch');
    expect(model.message).toMatch(/API version 2/);
  });

  it('matches npm and Python spellings of a pre-release', async () => {
    const { model } = setup(
      () => json(statusBody({ version: '0.2.0a1' })),
      '0.2.0-alpha.1'
    );

    await model.refresh();

    expect(model.state).toBe('ok');
  });

  it('reports a missing server extension', async () => {
    const { model, emitted } = setup(() => notFoundPage());

    await model.refresh();

    expect(model.state).toBe('missing');
    expect(model.message).toMatch(/not installed or not enabled/);
    expect(model.error?.status).toBe(404);
    expect(model.serverStatus).toBeNull();
    expect(emitted()).toBe(1);
  });

  it("reports a server error with the server's message", async () => {
    const { model } = setup(() =>
      json({ message: 'Job store is read-only', reason: null }, 500)
    );

    await model.refresh();

    expect(model.state).toBe('error');
    expect(model.message).toContain('Job store is read-only');
  });

  it('reports an unreachable server as an error', async () => {
    const { model } = setup(() => {
      throw new TypeError('Failed to fetch');
    });

    await model.refresh();

    expect(model.state).toBe('error');
    expect(model.message).toMatch(/Cannot reach the Jupyter server/);
  });

  it('reports a malformed status as an error', async () => {
    const { model } = setup(() => json({ name: 'vre_lab' }));

    await model.refresh();

    expect(model.state).toBe('error');
  });

  it('emits only when something changed, and recovers', async () => {
    let installed = false;
    const { model, emitted } = setup(() =>
      installed ? json(statusBody()) : notFoundPage()
    );

    await model.refresh();
    await model.refresh();
    expect(model.state).toBe('missing');
    expect(emitted()).toBe(1);

    installed = true;
    await model.refresh();
    expect(model.state).toBe('ok');
    expect(model.error).toBeNull();
    expect(emitted()).toBe(2);
  });

  it('shares one request between concurrent refreshes', async () => {
    const { model, fetch } = setup(() => json(statusBody()));

    await Promise.all([model.refresh(), model.refresh()]);

    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('polls while a refresh interval is set, and stops when disposed', async () => {
    const { model, fetch } = setup(() => json(statusBody()));

    model.refreshInterval = 0.05;
    await new Promise(resolve => setTimeout(resolve, 400));
    const calls = fetch.mock.calls.length;
    expect(calls).toBeGreaterThanOrEqual(2);

    model.dispose();
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(fetch.mock.calls.length).toBe(calls);
  });

  it("compares with this package's own version by default", () => {
    expect(FRONTEND_VERSION).toBe(packageVersion);
    expect(API_VERSION).toBe(1);
  });
});

describe('normalizeVersion', () => {
  it('spells npm pre-releases as Python does', () => {
    expect(normalizeVersion('1.2.0-alpha.3')).toBe('1.2.0a3');
    expect(normalizeVersion('1.2.0-beta.1')).toBe('1.2.0b1');
    expect(normalizeVersion('1.2.0-rc.2')).toBe('1.2.0rc2');
    expect(normalizeVersion('1.2.0')).toBe('1.2.0');
  });
});
