import { silentFollower } from '../components/jobs';
import { hitsPages, PublishClient } from '../zenodo/client';
import { NumberedPagesModel } from '../components/numberedpages';
import { RepositoryModel } from '../zenodo/repositorymodel';
import { IRecordSummary } from '../zenodo/types';
import { UploadJobsModel, uploadParams } from '../zenodo/uploadjobs';
import { UploadLauncher } from '../zenodo/uploader';
import { apiError, fakeAPI, holdsString, jobBody, until } from './helpers';
import {
  depositBody,
  recordBody,
  repositoryBody,
  ROCRATE_REPOSITORY
} from './publish-fixtures';

const WHOAMI = {
  repository: 'sandbox',
  user: { id: '7', username: 'jdoe', full_name: 'Jane Doe' }
};

describe('RepositoryModel', () => {
  it('chooses the remembered repository and says who we are', async () => {
    const api = fakeAPI(call => {
      if (call.path === 'zenodo/repositories') {
        return {
          repositories: [repositoryBody(), ROCRATE_REPOSITORY],
          selected: 'rocrate'
        };
      }
      if (call.path === 'zenodo/repositories/sandbox/whoami') {
        return WHOAMI;
      }
    });
    const model = new RepositoryModel({
      client: new PublishClient(api.request),
      memory: { load: async () => 'sandbox', save: async () => undefined }
    });
    await model.load();
    expect(model.state).toBe('connected');
    expect(model.whoami?.user.full_name).toBe('Jane Doe');
    expect(model.label('rocrate')).toBe('RO-Crate file (no repository)');
  });

  it('is offline on the RO-Crate target, and remembers the choice', async () => {
    const saved: string[] = [];
    const api = fakeAPI(call => {
      if (call.path === 'zenodo/repositories') {
        return {
          repositories: [repositoryBody(), ROCRATE_REPOSITORY],
          selected: 'sandbox'
        };
      }
      if (call.path.endsWith('whoami')) {
        return WHOAMI;
      }
      if (call.path === 'zenodo/selection') {
        return { selected: call.body.repository };
      }
    });
    const model = new RepositoryModel({
      client: new PublishClient(api.request),
      memory: { load: async () => null, save: async n => void saved.push(n) }
    });
    await model.load();
    await model.select('rocrate');
    expect(model.state).toBe('offline');
    expect(model.ready).toBe(true);
    expect(saved).toEqual(['rocrate']);
    await until(() => api.calls.some(c => c.path === 'zenodo/selection'));
    expect(api.calls.find(c => c.path === 'zenodo/selection')?.body).toEqual({
      repository: 'rocrate'
    });
  });

  it('asks for a token, shows the server message for a bad one, and keeps none', async () => {
    let token: string | null = null;
    const api = fakeAPI(call => {
      if (call.path === 'zenodo/repositories') {
        return {
          repositories: [repositoryBody({ token: token ? 'user' : null })],
          selected: 'sandbox'
        };
      }
      if (call.path === 'zenodo/repositories/sandbox/token') {
        if (call.body.token === 'good-secret') {
          token = call.body.token;
          return WHOAMI;
        }
        return apiError(
          403,
          'credentials_rejected',
          'Zenodo sandbox rejected the token'
        );
      }
    });
    const model = new RepositoryModel({
      client: new PublishClient(api.request)
    });
    await model.load();
    expect(model.state).toBe('token');
    expect(model.tokenReason).toBe('credentials_missing');

    expect(await model.setToken('bad-secret')).toBe(false);
    expect(model.state).toBe('token');
    expect(model.tokenReason).toBe('credentials_rejected');
    expect(model.message).toBe('Zenodo sandbox rejected the token');

    expect(await model.setToken(' good-secret ')).toBe(true);
    expect(model.state).toBe('connected');
    expect(model.canForgetToken).toBe(true);
    expect(holdsString(model, 'secret')).toBe(false);
  });
});

describe('NumberedPagesModel', () => {
  it('pages through records and ignores late answers', async () => {
    const api = fakeAPI(call => {
      const page = Number(call.query.get('page'));
      const size = Number(call.query.get('size'));
      const hits = Array.from({ length: page < 3 ? size : 1 }, (_, i) =>
        recordBody({ id: `r${(page - 1) * size + i}` })
      );
      return { hits, total: 2 * size + 1, page, size };
    });
    const client = new PublishClient(api.request);
    const list = new NumberedPagesModel<IRecordSummary>({
      pageSize: 5,
      searchDelay: 1
    });
    await list.setFetcher(hitsPages(q => client.records('sandbox', q)));
    expect(list.state).toBe('ready');
    expect(list.items.map(r => r.id)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(list.pageCount).toBe(3);
    await list.nextPage();
    await list.nextPage();
    expect(list.page).toBe(3);
    expect(list.items.map(r => r.id)).toEqual(['r10']);
    await list.nextPage(); // no page 4
    expect(list.page).toBe(3);
    expect(api.calls[0].path).toBe('zenodo/repositories/sandbox/records');
    expect(api.calls[0].query.get('size')).toBe('5');

    list.query = 'higgs';
    expect(list.page).toBe(1);
    await until(() => api.calls.some(c => c.query.get('q') === 'higgs'));
    await until(() => list.state === 'ready');
    list.dispose();
  });

  it('reports errors and empties without a fetcher', async () => {
    const list = new NumberedPagesModel<IRecordSummary>();
    await list.setFetcher(() => Promise.reject(new Error('repository down')));
    expect(list.state).toBe('error');
    expect(list.error).toBe('repository down');
    await list.setFetcher(null);
    expect(list.state).toBe('empty');
    list.dispose();
  });
});

describe('UploadLauncher', () => {
  function setup(states: string[]) {
    let polls = 0;
    const api = fakeAPI(call => {
      if (call.path === 'zenodo/repositories/sandbox/uploads') {
        return jobBody({
          id: 'up-1',
          kind: 'zenodo-upload',
          state: 'queued',
          params: { repository: 'sandbox', title: 'Higgs', paths: ['a'] }
        });
      }
      if (call.path === 'jobs/up-1' || call.path === 'jobs/up-2') {
        const state = states[Math.min(polls++, states.length - 1)];
        return jobBody({
          id: call.path.slice(5),
          kind: 'zenodo-upload',
          state: state as any,
          progress: state === 'succeeded' ? 1 : 0.5,
          message: 'Uploading 1/2: a (0.5 MB of 1.0 MB)',
          params: { repository: 'sandbox', title: 'Higgs', paths: ['a'] },
          result: { draft: 'd-9' }
        });
      }
      if (call.path === 'zenodo/uploads/up-1/resume') {
        return jobBody({ id: 'up-2', kind: 'zenodo-upload', state: 'running' });
      }
      if (call.path === 'zenodo/uploads/up-1/discard') {
        return undefined;
      }
      if (call.path.startsWith('jobs')) {
        return { jobs: [] };
      }
    });
    const client = new PublishClient(api.request);
    const jobs = new UploadJobsModel({ client, interval: 10 });
    const launcher = new UploadLauncher({
      client,
      jobs,
      follow: silentFollower(api.request, { interval: 5, maxInterval: 5 })
    });
    return { api, jobs, launcher };
  }

  it('follows an upload to its end, with progress', async () => {
    const { api, jobs, launcher } = setup(['running', 'succeeded']);
    const seen: number[] = [];
    const ended = await launcher.start(
      'sandbox',
      { paths: ['a'], deposit: depositBody() },
      'Higgs',
      job => seen.push(job.progress ?? 0)
    );
    expect(ended.state).toBe('succeeded');
    expect(seen).toContain(0.5);
    expect(jobs.jobs).toEqual([]); // succeeded: not unfinished
    expect(api.calls[0].body.paths).toEqual(['a']);
    expect(api.calls[0].body.deposit.metadata.title).toBe(
      'Higgs to four leptons'
    );
    jobs.dispose();
  });

  it('keeps a failed upload, resumes it into a new job, or discards it', async () => {
    const { api, jobs, launcher } = setup(['failed', 'succeeded']);
    const failed = await launcher.start(
      'sandbox',
      { paths: ['a'], deposit: depositBody() },
      'Higgs'
    );
    expect(failed.state).toBe('failed');
    expect(jobs.jobs.map(j => j.id)).toEqual(['up-1']);
    expect(launcher.actions(failed).map(a => a.label)).toEqual([
      'Resume',
      'Discard draft'
    ]);

    const uploaded = jest.fn();
    launcher.onUploaded = uploaded;
    await launcher.resumeAndOffer(failed);
    expect(jobs.jobs).toEqual([]);
    expect(uploaded).toHaveBeenCalledTimes(1);
    expect(uploaded.mock.calls[0][0].id).toBe('up-2');

    jobs.track(failed);
    await launcher.discard(failed);
    expect(jobs.jobs).toEqual([]);
    expect(api.calls.some(c => c.path === 'zenodo/uploads/up-1/discard')).toBe(
      true
    );
    jobs.dispose();
  });

  it('types job params defensively', () => {
    const params = uploadParams(
      jobBody({
        params: { repository: 'sandbox', paths: ['a', 3], bytes: 'x' }
      })
    );
    expect(params).toEqual({
      repository: 'sandbox',
      paths: ['a'],
      files: 0,
      bytes: 0,
      title: '',
      draft: null,
      new_version_of: null
    });
  });
});
