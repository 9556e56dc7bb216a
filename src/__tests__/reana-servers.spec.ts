import { ReanaClient } from '../reana/client';
import { IServerMemory, ServerModel } from '../reana/servermodel';
import { IReanaServer } from '../reana/types';
import { apiError, fakeAPI, holdsString, IFakeCall } from './helpers';
import { reanaServerBody, serverBody } from './reana-fixtures';

const TOKEN = 'reana-token-s3cr3t';

/**
 * A fake server with `local` and a REANA server `cern` whose token is
 * `token` (null: none), accepting only TOKEN.
 */
function serversAPI(options: {
  token?: IReanaServer['token'];
  selected?: string;
}) {
  const state = {
    token: options.token === undefined ? 'config' : options.token,
    valid: options.token !== 'env',
    selected: options.selected ?? 'local'
  };
  const whoami = {
    server: 'cern',
    user: { email: 'ada@cern.ch', full_name: 'Ada Lovelace', username: 'ada' }
  };
  const api = fakeAPI((call: IFakeCall) => {
    switch (`${call.method} ${call.path}`) {
      case 'GET reana/servers':
        return {
          servers: [
            serverBody(),
            reanaServerBody({ token: state.token as IReanaServer['token'] })
          ],
          selected: state.selected
        };
      case 'PUT reana/selection':
        state.selected = call.body.server;
        return { selected: call.body.server };
      case 'GET reana/servers/cern/whoami':
        if (state.token === null) {
          return apiError(403, 'credentials_missing', 'No token for cern');
        }
        return state.valid
          ? whoami
          : apiError(403, 'credentials_rejected', 'REANA refused the token');
      case 'PUT reana/servers/cern/token':
        if (call.body.token !== TOKEN) {
          return apiError(
            403,
            'credentials_rejected',
            'REANA refused the token'
          );
        }
        state.token = 'user';
        state.valid = true;
        return whoami;
      case 'DELETE reana/servers/cern/token':
        state.token = null;
        return undefined;
      default:
        return apiError(404, null, `no route ${call.path}`);
    }
  });
  return { ...api, state };
}

function memory(initial: string | null): IServerMemory & { saved: string[] } {
  const saved: string[] = [];
  return {
    saved,
    load: async () => initial,
    save: async (name: string) => {
      saved.push(name);
    }
  };
}

describe('ServerModel', () => {
  it('chooses the remembered server and tells who we are there', async () => {
    const api = serversAPI({});
    const model = new ServerModel({
      client: new ReanaClient(api.request),
      memory: memory('cern')
    });
    await model.load();
    expect(model.server?.name).toBe('cern');
    expect(model.state).toBe('connected');
    expect(model.ready).toBe(true);
    expect(model.whoami?.user.full_name).toBe('Ada Lovelace');
    // Terminals are given the chosen REANA server.
    expect(
      api.calls.filter(c => c.path === 'reana/selection').map(c => c.body)
    ).toEqual([{ server: 'cern' }]);
    model.dispose();
  });

  it('falls back to the server the extension selected', async () => {
    const api = serversAPI({ selected: 'local' });
    const model = new ServerModel({
      client: new ReanaClient(api.request),
      memory: memory('gone')
    });
    await model.load();
    expect(model.server?.name).toBe('local');
    expect(model.state).toBe('local');
    expect(api.calls.some(c => c.path.endsWith('/whoami'))).toBe(false);
    expect(api.calls.some(c => c.path === 'reana/selection')).toBe(false);
    model.dispose();
  });

  it('remembers a choice and hands REANA servers to terminals', async () => {
    const api = serversAPI({});
    const remembered = memory(null);
    const model = new ServerModel({
      client: new ReanaClient(api.request),
      memory: remembered
    });
    await model.load();
    expect(model.server?.name).toBe('local');
    await model.select('cern');
    expect(model.state).toBe('connected');
    await model.select('local');
    expect(model.state).toBe('local');
    expect(remembered.saved).toEqual(['cern', 'local']);
    expect(
      api.calls.filter(c => c.path === 'reana/selection').map(c => c.body)
    ).toEqual([{ server: 'cern' }]);
    model.dispose();
  });

  it('asks for a token when the server has none, and keeps none itself', async () => {
    const api = serversAPI({ token: null });
    const model = new ServerModel({
      client: new ReanaClient(api.request),
      memory: memory('cern')
    });
    await model.load();
    expect(model.state).toBe('token');
    expect(model.tokenReason).toBe('credentials_missing');
    // No whoami is asked for a server without a token.
    expect(api.calls.some(c => c.path.endsWith('/whoami'))).toBe(false);

    expect(await model.setToken('wrong')).toBe(false);
    expect(model.state).toBe('token');
    expect(model.tokenReason).toBe('credentials_rejected');
    expect(model.message).toBe('REANA refused the token');

    expect(await model.setToken(`  ${TOKEN} `)).toBe(true);
    expect(model.state).toBe('connected');
    expect(model.canForgetToken).toBe(true);
    const sent = api.calls.filter(
      c => c.method === 'PUT' && c.path.endsWith('/token')
    );
    expect(sent.map(c => c.body)).toEqual([
      { token: 'wrong' },
      { token: TOKEN }
    ]);
    expect(holdsString(model, TOKEN)).toBe(false);

    await model.forgetToken();
    expect(api.calls.some(c => c.method === 'DELETE')).toBe(true);
    expect(model.state).toBe('token');
    model.dispose();
  });

  it('asks for a new token when REANA rejects the configured one', async () => {
    const api = serversAPI({ token: 'env' });
    const model = new ServerModel({
      client: new ReanaClient(api.request),
      memory: memory('cern')
    });
    await model.load();
    expect(model.state).toBe('token');
    expect(model.tokenReason).toBe('credentials_rejected');
    model.dispose();
  });

  it('says in one line why the servers cannot be had', async () => {
    const api = fakeAPI(() => apiError(502, 'backend_error', 'REANA is down'));
    const model = new ServerModel({ client: new ReanaClient(api.request) });
    await model.load();
    expect(model.state).toBe('error');
    expect(model.message).toBe('REANA is down');
    model.dispose();
  });
});
