import { silentFollower } from '../components/jobs';
import { PublishClient } from '../zenodo/client';
import { commonFolder, PublishFormModel } from '../zenodo/formmodel';
import { RepositoryModel } from '../zenodo/repositorymodel';
import { IDeposit } from '../zenodo/types';
import { UploadJobsModel } from '../zenodo/uploadjobs';
import { UploadLauncher } from '../zenodo/uploader';
import { fakeAPI, FakeHandler, IFakeCall, jobBody, until } from './helpers';
import {
  depositBody,
  repositoryBody,
  ROCRATE_REPOSITORY,
  vocabulariesBody
} from './publish-fixtures';

/**
 * A form on a fake API: `extra` answers what the defaults do not.
 */
async function setup(
  extra: FakeHandler = () => undefined,
  options: Partial<PublishFormModel.IOptions> = {}
) {
  let validated: IDeposit | null = null;
  const api = fakeAPI(async (call: IFakeCall) => {
    const answer = await extra(call);
    if (answer !== undefined) {
      return answer;
    }
    switch (call.path) {
      case 'zenodo/repositories':
        return {
          repositories: [repositoryBody(), ROCRATE_REPOSITORY],
          selected: 'sandbox'
        };
      case 'zenodo/repositories/sandbox/whoami':
        return { repository: 'sandbox', user: { username: 'jdoe' } };
      case 'zenodo/vocabularies':
        return vocabulariesBody();
      case 'zenodo/metadata/prefill':
        return { deposit: depositBody(), sources: ['CITATION.cff'] };
      case 'zenodo/metadata/validate':
        validated = call.body.deposit;
        return { valid: true, errors: [], warnings: [] };
    }
    return { jobs: [] };
  });
  const client = new PublishClient(api.request);
  const repositories = new RepositoryModel({ client });
  await repositories.load();
  const jobs = new UploadJobsModel({ client, interval: 10 });
  const launcher = new UploadLauncher({
    client,
    jobs,
    follow: silentFollower(api.request, { interval: 5, maxInterval: 5 })
  });
  const model = new PublishFormModel({
    client,
    repositories,
    launcher,
    vocabularies: () => client.vocabularies(),
    paths: ['analysis/results', 'analysis/notebook.ipynb'],
    listFiles: async paths =>
      paths.map(path => ({ path, type: 'file' as const, size: 1500 })),
    validateDelay: 5,
    today: '2026-06-01',
    ...options
  });
  await model.start();
  return { api, model, jobs, validated: () => validated };
}

describe('PublishFormModel', () => {
  it('prefills from the server and says from where', async () => {
    const { api, model } = await setup();
    expect(model.phase).toBe('editing');
    expect(model.sources).toEqual(['CITATION.cff']);
    expect(model.deposit.metadata.title).toBe('Higgs to four leptons');
    expect(model.label).toBe('Higgs to four leptons');
    expect(model.vocabularies?.roles.length).toBe(2);
    expect(model.totalBytes).toBe(3000);
    const prefill = api.calls.find(c => c.path === 'zenodo/metadata/prefill')!;
    expect(prefill.method).toBe('POST');
    expect(prefill.body.paths).toEqual([
      'analysis/results',
      'analysis/notebook.ipynb'
    ]);
    expect(model.citationFolder).toBe('analysis');
    await until(() => model.canSubmit, 3000, 'the server check');
    model.dispose();
  });

  it('checks as you type and blocks the upload while there are errors', async () => {
    const { model } = await setup();
    await until(() => model.canSubmit);
    model.edit(d => {
      d.metadata.title = '';
    });
    expect(model.fieldErrors('metadata.title')).toEqual([
      'A title is required.'
    ]);
    expect(model.canSubmit).toBe(false);
    model.edit(d => {
      d.metadata.title = 'Back';
    });
    expect(model.fieldErrors('metadata.title')).toEqual([]);
    expect(model.validating).toBe(true);
    await until(() => model.canSubmit);
    model.dispose();
  });

  it('adds, reorders and removes creators', async () => {
    const { model } = await setup();
    model.addEntity('creators', 'organizational');
    model.addEntity('creators', 'personal');
    const creators = () => model.deposit.metadata.creators;
    expect(creators().map(c => c.person_or_org.type)).toEqual([
      'personal',
      'organizational',
      'personal'
    ]);
    // The new ones are blank: errors at their paths.
    expect(model.fieldErrors('metadata.creators.1.person_or_org.name')).toEqual(
      ['The name is required.']
    );
    expect(
      model.fieldErrors('metadata.creators.2.person_or_org.family_name')
    ).toHaveLength(1);
    model.moveEntity('creators', 0, 2);
    expect(creators()[2].person_or_org.family_name).toBe('Doe');
    model.removeEntity('creators', 0);
    model.removeEntity('creators', 0);
    expect(creators()).toHaveLength(1);
    expect(model.errors).toEqual([]);

    model.addEntity('contributors', 'personal');
    expect(model.deposit.metadata.contributors?.[0].role).toEqual({ id: '' });
    expect(model.fieldErrors('metadata.contributors.0.role.id')).toHaveLength(
      1
    );
    model.dispose();
  });

  it('shows the server errors at their fields once it checked this deposit', async () => {
    const { model } = await setup(call =>
      call.path === 'zenodo/metadata/validate'
        ? {
            valid: false,
            errors: [
              {
                field: 'metadata.creators.0.person_or_org.family_name',
                message: 'Unknown to the repository'
              }
            ],
            warnings: []
          }
        : undefined
    );
    await until(() => !model.validating);
    expect(
      model.fieldErrors('metadata.creators.0.person_or_org.family_name')
    ).toEqual(['Unknown to the repository']);
    expect(model.canSubmit).toBe(false);
    // A new edit hides the stale answer until the server checks again.
    model.edit(d => {
      d.metadata.description = 'More';
    });
    expect(
      model.fieldErrors('metadata.creators.0.person_or_org.family_name')
    ).toEqual([]);
    await until(() => !model.validating);
    expect(model.errors).toHaveLength(1);
    model.dispose();
  });

  it('edits keywords, access, related identifiers and communities', async () => {
    const { model, validated } = await setup();
    model.addKeywords('open data, Higgs, muons');
    expect(model.deposit.metadata.subjects?.map(s => s.subject)).toEqual([
      'higgs',
      'open data',
      'muons'
    ]);
    model.removeKeyword(0);
    model.setAccess('embargo', '2027-01-01', 'paper in review');
    expect(model.deposit.access).toEqual({
      record: 'public',
      files: 'restricted',
      embargo: { active: true, until: '2027-01-01', reason: 'paper in review' }
    });
    model.addRelated({ identifier: 'urn:rucio:demo:higgs', scheme: 'urn' });
    model.addCommunity('escape-ossr');
    model.addCommunity('escape-ossr');
    model.setLicense('mit');
    await until(() => model.canSubmit);
    const sent = validated()!;
    expect(sent.communities).toEqual(['escape-ossr']);
    expect(sent.metadata.rights).toEqual([{ id: 'mit' }]);
    expect(sent.metadata.related_identifiers).toEqual([
      {
        identifier: 'urn:rucio:demo:higgs',
        scheme: 'urn',
        relation_type: { id: 'isderivedfrom' }
      }
    ]);
    model.dispose();
  });

  it('uploads, then publishes when the user says so', async () => {
    let polls = 0;
    const askPublish = jest.fn(
      async () => ({ doi: '10.5281/zenodo.9' }) as any
    );
    const { api, model } = await setup(
      call => {
        if (call.path === 'zenodo/repositories/sandbox/uploads') {
          return jobBody({
            id: 'up-1',
            kind: 'zenodo-upload',
            state: 'queued'
          });
        }
        if (call.path === 'jobs/up-1') {
          polls++;
          return jobBody({
            id: 'up-1',
            kind: 'zenodo-upload',
            state: polls < 2 ? 'running' : 'succeeded',
            progress: polls < 2 ? 0.4 : 1,
            result: { draft: 'd-1' }
          });
        }
      },
      { askPublish }
    );
    await until(() => model.canSubmit);
    await model.submit();
    expect(model.phase).toBe('done');
    expect(model.published?.doi).toBe('10.5281/zenodo.9');
    expect(askPublish).toHaveBeenCalledWith({
      repository: 'sandbox',
      draft: 'd-1',
      title: 'Higgs to four leptons',
      citationFolder: 'analysis'
    });
    const upload = api.calls.find(
      c => c.path === 'zenodo/repositories/sandbox/uploads'
    )!;
    expect(upload.body.paths).toEqual([
      'analysis/results',
      'analysis/notebook.ipynb'
    ]);
    expect(
      upload.body.deposit.metadata.creators[0].person_or_org
    ).toMatchObject({ family_name: 'Doe', given_name: 'Jane' });
    model.dispose();
  });

  it('keeps the draft when the user does not publish', async () => {
    const { model } = await setup(
      call => {
        if (call.path === 'zenodo/repositories/sandbox/uploads') {
          return jobBody({
            id: 'up-1',
            state: 'succeeded',
            result: { draft: 'd-1' }
          });
        }
      },
      { askPublish: async () => null }
    );
    await until(() => model.canSubmit);
    await model.submit();
    expect(model.phase).toBe('uploaded');
    expect(model.draft).toBe('d-1');
    model.dispose();
  });

  it('offers resume and discard when the upload fails, into the same draft', async () => {
    const { api, model } = await setup(call => {
      if (call.path === 'zenodo/repositories/sandbox/uploads') {
        return jobBody({
          id: 'up-1',
          state: 'failed',
          message: 'Zenodo answered 502',
          result: { draft: 'd-1' }
        });
      }
      if (call.path === 'zenodo/uploads/up-1/resume') {
        return jobBody({
          id: 'up-2',
          state: 'failed',
          message: 'again',
          result: { draft: 'd-1' }
        });
      }
    });
    await until(() => model.canSubmit);
    await model.submit();
    expect(model.phase).toBe('failed');
    expect(model.message).toBe('Zenodo answered 502');
    expect(model.draft).toBe('d-1');
    // Sending again reuses the draft.
    expect(model.request().draft).toBe('d-1');
    await model.resume();
    expect(api.calls.some(c => c.path === 'zenodo/uploads/up-1/resume')).toBe(
      true
    );
    expect(model.job?.id).toBe('up-2');
    await model.discard();
    expect(api.calls.some(c => c.path === 'zenodo/uploads/up-2/discard')).toBe(
      true
    );
    expect(model.phase).toBe('editing');
    expect(model.draft).toBeNull();
    model.dispose();
  });

  it('exports an RO-Crate and shows its path', async () => {
    const { model } = await setup(call => {
      if (call.path === 'zenodo/repositories/rocrate/uploads') {
        return jobBody({
          id: 'ex-1',
          kind: 'rocrate-export',
          state: 'succeeded',
          result: { path: 'ro-crates/higgs.zip', files: 2, bytes: 3000 }
        });
      }
    });
    model.repository = 'rocrate';
    expect(model.isExport).toBe(true);
    await until(() => model.canSubmit);
    await model.submit();
    expect(model.phase).toBe('done');
    expect(model.exportedPath).toBe('ro-crates/higgs.zip');
    model.dispose();
  });

  it('prefills a new version from the record and asks for one', async () => {
    const record = depositBody();
    record.metadata.version = 'v1';
    const { api, model } = await setup(
      call =>
        call.path === 'zenodo/repositories/sandbox/records/rec-1'
          ? { id: 'rec-1', deposit: record, files: [], errors: [] }
          : undefined,
      { newVersionOf: 'rec-1' }
    );
    expect(model.sources).toEqual(['the previous version']);
    expect(model.deposit.metadata.publication_date).toBe('2026-06-01');
    expect(model.deposit.metadata.version).toBeUndefined();
    expect(api.calls.some(c => c.path === 'zenodo/metadata/prefill')).toBe(
      false
    );
    model.keepFiles = false;
    expect(model.request()).toMatchObject({
      new_version_of: 'rec-1',
      keep_files: false
    });
    model.dispose();
  });
});

describe('commonFolder', () => {
  it('finds the folder holding all paths', () => {
    expect(commonFolder(['a/b/c.txt', 'a/b/d/e.txt'])).toBe('a/b');
    expect(commonFolder(['a/x.txt', 'b/y.txt'])).toBe('');
    expect(commonFolder(['top.txt'])).toBe('');
    expect(commonFolder([])).toBeNull();
  });
});
