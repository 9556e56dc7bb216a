import { nullTranslator } from '@jupyterlab/translation';

import { ReanaClient } from '../reana/client';
import { SecretsModel } from '../reana/secretsmodel';
import { apiError, fakeAPI, holdsString, IFakeCall } from './helpers';

const trans = nullTranslator.load('vre_lab');
const VALUE = 'p4ssw0rd-never-kept';

function secretsAPI() {
  const secrets = new Map<string, string>([['CERN_USER', 'env']]);
  const api = fakeAPI((call: IFakeCall) => {
    switch (`${call.method} ${call.path}`) {
      case 'GET reana/servers/cern/secrets':
        return {
          secrets: [...secrets].map(([name, type]) => ({ name, type }))
        };
      case 'POST reana/servers/cern/secrets': {
        const { name, type, overwrite } = call.body;
        if (secrets.has(name) && !overwrite) {
          return apiError(409, 'conflict', `Secret ${name} exists`);
        }
        secrets.set(name, type ?? 'env');
        return new Response(JSON.stringify({ name, type: type ?? 'env' }), {
          status: 201
        });
      }
      default: {
        const match = /^reana\/servers\/cern\/secrets\/(.+)$/.exec(call.path);
        if (call.method === 'DELETE' && match && secrets.delete(match[1])) {
          return undefined;
        }
        return apiError(404, 'not_found', `no secret ${call.path}`);
      }
    }
  });
  return api;
}

describe('SecretsModel', () => {
  it('lists names and types, adds and deletes, and never keeps a value', async () => {
    const api = secretsAPI();
    const model = new SecretsModel({
      client: new ReanaClient(api.request),
      trans
    });
    model.server = 'cern';
    await model.ensureLoaded();
    expect(model.secrets).toEqual([{ name: 'CERN_USER', type: 'env' }]);

    const secret = {
      name: ' CERN_PASSWORD ',
      value: VALUE,
      type: 'env' as const
    };
    expect(await model.add(secret)).toBe(true);
    const post = api.calls.find(c => c.method === 'POST')!;
    expect(post.body).toEqual({
      name: 'CERN_PASSWORD',
      value: VALUE,
      type: 'env'
    });
    expect(model.secrets.map(s => s.name)).toEqual([
      'CERN_PASSWORD',
      'CERN_USER'
    ]);
    expect(holdsString(model, VALUE)).toBe(false);

    expect(
      await model.add({
        name: 'KEYTAB',
        path: 'secrets/user.keytab',
        type: 'file'
      })
    ).toBe(true);
    expect(api.calls.filter(c => c.method === 'POST')[1].body).toEqual({
      name: 'KEYTAB',
      path: 'secrets/user.keytab',
      type: 'file'
    });

    expect(await model.remove('CERN_USER')).toBe(true);
    expect(model.secrets.map(s => s.name)).toEqual(['CERN_PASSWORD', 'KEYTAB']);
    model.dispose();
  });

  it('says in one line why a secret was not added', async () => {
    const api = secretsAPI();
    const model = new SecretsModel({
      client: new ReanaClient(api.request),
      trans
    });
    model.server = 'cern';
    await model.load();

    expect(await model.add({ name: 'CERN_USER', value: VALUE })).toBe(false);
    expect(model.addError).toBe(
      'A secret named CERN_USER exists already. Tick "Replace" to overwrite it.'
    );
    expect(holdsString(model, VALUE)).toBe(false);
    expect(
      await model.add({ name: 'CERN_USER', value: VALUE, overwrite: true })
    ).toBe(true);
    expect(model.addError).toBe('');

    const before = api.calls.length;
    expect(await model.add({ name: 'X' })).toBe(false);
    expect(model.addError).toBe(
      'Give either a value or the path of a file, not both.'
    );
    expect(await model.add({ name: ' ', value: 'v' })).toBe(false);
    expect(model.addError).toBe('Give the secret a name.');
    expect(api.calls.length).toBe(before);

    expect(await model.remove('NOPE')).toBe(false);
    expect(model.error).toBe('no secret reana/servers/cern/secrets/NOPE');
    model.dispose();
  });
});
