import { RucioClient } from '../rucio/client';
import { ConnectionModel, IInstanceMemory } from '../rucio/connectionmodel';
import { LoginModel } from '../rucio/loginmodel';
import { IRucioInstance } from '../rucio/types';
import {
  apiError,
  fakeAPI,
  holdsString,
  IFakeCall,
  instanceBody,
  whoamiBody
} from './helpers';

const WHOAMI = whoamiBody();

/**
 * A fake Rucio API with these instances, where `whoami` answers `whoami`.
 */
function rucioAPI(
  instances: IRucioInstance[],
  whoami: (call: IFakeCall) => unknown,
  extra: (call: IFakeCall) => unknown = () => undefined
) {
  return fakeAPI(call => {
    if (call.path === 'rucio/instances') {
      return { instances, default: instances[0]?.name ?? null };
    }
    if (call.path.endsWith('/whoami')) {
      return whoami(call);
    }
    return extra(call);
  });
}

function memory(initial: string | null): IInstanceMemory & {
  saved: string[];
} {
  const saved: string[] = [];
  return {
    saved,
    load: async () => initial,
    save: async name => {
      saved.push(name);
    }
  };
}

describe('ConnectionModel', () => {
  it('connects to the default instance and says as whom, with the token time left', async () => {
    const api = rucioAPI([instanceBody()], () => WHOAMI);
    let now = 1_000_000;
    const model = new ConnectionModel({
      client: new RucioClient(api.request),
      now: () => now
    });

    await model.load();

    expect(model.state).toBe('connected');
    expect(model.instance?.name).toBe('sandbox');
    expect(model.whoami?.account).toBe('root');
    expect(model.tokenMinutesLeft).toBe(60);
    now += 15 * 60 * 1000;
    expect(model.tokenMinutesLeft).toBe(45);
  });

  it('chooses the remembered instance, and remembers a new choice', async () => {
    const api = rucioAPI(
      [instanceBody(), instanceBody({ name: 'atlas', display_name: 'ATLAS' })],
      call => ({ ...WHOAMI, instance: call.path.split('/')[1] })
    );
    const remembered = memory('atlas');
    const model = new ConnectionModel({
      client: new RucioClient(api.request),
      memory: remembered
    });

    await model.load();
    expect(model.instance?.name).toBe('atlas');

    await model.select('sandbox');
    expect(model.instance?.name).toBe('sandbox');
    expect(model.whoami?.instance).toBe('sandbox');
    expect(remembered.saved).toEqual(['sandbox']);
  });

  it('says so when no instance is configured', async () => {
    const api = rucioAPI([], () => WHOAMI);
    const model = new ConnectionModel({ client: new RucioClient(api.request) });

    await model.load();

    expect(model.state).toBe('none');
    expect(model.instance).toBeNull();
  });

  it.each(['credentials_missing', 'credentials_rejected'])(
    'asks for a login on %s',
    async reason => {
      const api = rucioAPI([instanceBody({ credentials: 'missing' })], () =>
        apiError(401, reason, 'Log in first')
      );
      const model = new ConnectionModel({
        client: new RucioClient(api.request)
      });

      await model.load();

      expect(model.state).toBe('login');
      expect(model.loginReason).toBe(reason);
    }
  );

  it('shows any other failure as a one-line error', async () => {
    const api = rucioAPI([instanceBody()], () =>
      apiError(504, 'timeout', 'Rucio did not answer within 30 s')
    );
    const model = new ConnectionModel({ client: new RucioClient(api.request) });

    await model.load();

    expect(model.state).toBe('error');
    expect(model.message).toBe('Rucio did not answer within 30 s');
  });
});

describe('LoginModel', () => {
  /**
   * A server that wants credentials, and accepts `secret` for alice.
   */
  function loginAPI(instance: Partial<IRucioInstance> = {}) {
    let loggedIn = false;
    const api = rucioAPI(
      [instanceBody({ credentials: 'missing', ...instance })],
      () =>
        loggedIn
          ? { ...WHOAMI, account: 'alice' }
          : apiError(401, 'credentials_missing', 'No credentials'),
      call => {
        if (
          call.path === 'rucio/sandbox/credentials' &&
          call.method === 'PUT'
        ) {
          if (call.body.password === 'secret' || call.body.token) {
            loggedIn = true;
            return { ...WHOAMI, account: 'alice' };
          }
          return apiError(401, 'credentials_rejected', 'Wrong password');
        }
        if (
          call.path === 'rucio/sandbox/credentials' &&
          call.method === 'DELETE'
        ) {
          loggedIn = false;
          return undefined;
        }
        return apiError(404, null, 'unknown');
      }
    );
    return api;
  }

  /**
   * A login form of the instance served by `loginAPI`, loaded.
   */
  async function loginForm(instance: Partial<IRucioInstance> = {}) {
    const api = loginAPI(instance);
    const connection = new ConnectionModel({
      client: new RucioClient(api.request)
    });
    const login = new LoginModel({ connection });
    await connection.load();
    return { api, connection, login };
  }

  it('shows the fields of the instance auth type', async () => {
    for (const [authType, fields] of [
      ['userpass', ['username', 'password', 'account']],
      ['x509', ['certificate', 'key', 'account']],
      ['x509_proxy', ['proxy', 'account']],
      ['oidc', ['token', 'account']]
    ] as const) {
      const { login } = await loginForm({
        auth_type: authType
      });
      expect(login.fields).toEqual(fields);
    }
  });

  it('sends the credentials once and never keeps the password', async () => {
    const { api, connection, login } = await loginForm();
    expect(connection.state).toBe('login');

    login.setValue('username', ' alice ');
    login.setValue('password', 'secret');
    expect(holdsString(login, 'secret')).toBe(true);
    const done = login.submit();
    // Cleared the moment the form is sent, before the answer.
    expect(login.value('password')).toBe('');
    const ok = await done;

    expect(ok).toBe(true);
    expect(connection.state).toBe('connected');
    expect(connection.whoami?.account).toBe('alice');
    const put = api.calls.find(c => c.method === 'PUT')!;
    expect(put.body).toEqual({
      auth_type: 'userpass',
      username: 'alice',
      password: 'secret',
      account: 'root'
    });
    expect(login.value('password')).toBe('');
    expect(holdsString(connection, 'secret')).toBe(false);
    expect(holdsString(login, 'secret')).toBe(false);
  });

  it('clears the password after a rejected login too, and says why', async () => {
    const { connection, login } = await loginForm();

    login.setValue('username', 'alice');
    login.setValue('password', 'wrong');
    const ok = await login.submit();

    expect(ok).toBe(false);
    expect(connection.state).toBe('login');
    expect(connection.loginReason).toBe('credentials_rejected');
    expect(connection.message).toBe('Wrong password');
    expect(login.value('password')).toBe('');
    expect(login.value('username')).toBe('alice');
  });

  it('does not send an incomplete form', async () => {
    const { api, login } = await loginForm();

    login.setValue('username', 'alice');

    expect(login.complete).toBe(false);
    expect(await login.submit()).toBe(false);
    expect(api.calls.some(c => c.method === 'PUT')).toBe(false);
  });

  it('is submitting while a login is on its way, one at a time', async () => {
    const { api, connection, login } = await loginForm({
      auth_type: 'x509_proxy'
    });
    login.setValue('proxy', '/tmp/x509up');
    let changes = 0;
    login.changed.connect(() => changes++);

    const first = login.submit();
    expect(login.submitting).toBe(true);
    expect(await login.submit()).toBe(false);
    expect(await first).toBe(false);

    expect(login.submitting).toBe(false);
    expect(changes).toBe(2);
    expect(api.calls.filter(c => c.method === 'PUT')).toHaveLength(1);
    expect(connection.message).toBe('Wrong password');
  });

  it('forgets the secrets and its listeners when disposed', async () => {
    const { login } = await loginForm();
    login.setValue('password', 'secret');
    let changes = 0;
    login.changed.connect(() => changes++);

    login.dispose();
    login.setValue('username', 'alice');

    expect(login.isDisposed).toBe(true);
    expect(login.value('password')).toBe('');
    expect(changes).toBe(0);
  });

  it('logs out with DELETE and shows the login form again', async () => {
    const { api, connection, login } = await loginForm();
    login.setValue('username', 'alice');
    login.setValue('password', 'secret');
    await login.submit();

    await connection.logout();

    expect(
      api.calls.some(
        c => c.method === 'DELETE' && c.path === 'rucio/sandbox/credentials'
      )
    ).toBe(true);
    expect(connection.state).toBe('login');
  });
});
