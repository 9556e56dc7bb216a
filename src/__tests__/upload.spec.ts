import { RucioClient } from '../rucio/client';
import { UploadModel } from '../rucio/uploadmodel';
import { silentFollower } from '../components/jobs';
import { apiError, fakeAPI, instanceBody, jobBody } from './helpers';

function uploadAPI() {
  return fakeAPI(call => {
    switch (call.path) {
      case 'rucio/sandbox/rses':
        return { rses: ['SANDBOX_DISK', 'SANDBOX_SCRATCH'] };
      case 'rucio/sandbox/scopes':
        return { scopes: ['demo', 'user.root'] };
      case 'rucio/sandbox/upload':
        return jobBody({ id: 'up-1', kind: 'rucio.upload', state: 'queued' });
      case 'jobs/up-1':
        return jobBody({
          id: 'up-1',
          state: 'succeeded',
          result: { did: 'user.root:notes.csv' }
        });
      default:
        return apiError(404, null, `no route ${call.path}`);
    }
  });
}

describe('UploadModel', () => {
  it('offers the RSEs and scopes, preferring a user scope', async () => {
    const api = uploadAPI();
    const model = new UploadModel({
      client: new RucioClient(api.request),
      instances: [instanceBody()],
      path: 'work/notes.csv'
    });

    await model.destination.load();

    expect(model.destination.rses).toEqual(['SANDBOX_DISK', 'SANDBOX_SCRATCH']);
    expect(model.destination.rse).toBe('SANDBOX_DISK');
    expect(model.destination.scope).toBe('user.root');
    expect(model.problem).toBeNull();
  });

  it('sends the path, RSE, scope, dataset and the lifetime in seconds', async () => {
    const api = uploadAPI();
    const model = new UploadModel({
      client: new RucioClient(api.request),
      instances: [instanceBody()],
      path: '/work/notes.csv'
    });
    await model.destination.load();
    model.destination.rse = 'SANDBOX_SCRATCH';
    model.dataset = 'user.root:my-notes';
    model.lifetimeDays = '2';

    const job = await model.submit(
      silentFollower(api.request, { interval: 1 })
    );

    const post = api.calls.find(c => c.path === 'rucio/sandbox/upload')!;
    expect(post.method).toBe('POST');
    expect(post.body).toEqual({
      path: 'work/notes.csv',
      rse: 'SANDBOX_SCRATCH',
      scope: 'user.root',
      dataset: 'user.root:my-notes',
      lifetime: 172800
    });
    expect(job.state).toBe('succeeded');
  });

  it('says what is missing or wrong before sending', async () => {
    const api = uploadAPI();
    const model = new UploadModel({
      client: new RucioClient(api.request),
      instances: [instanceBody()],
      path: ''
    });
    expect(model.problem).toMatch(/file/);

    model.path = 'notes.csv';
    await model.destination.load();
    model.lifetimeDays = '-3';
    expect(model.problem).toMatch(/lifetime/);

    await expect(model.submit(silentFollower(api.request))).rejects.toThrow(
      /lifetime/
    );
    expect(api.calls.some(c => c.path === 'rucio/sandbox/upload')).toBe(false);
  });
});
