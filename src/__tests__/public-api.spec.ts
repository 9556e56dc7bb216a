import { CommandRegistry } from '@lumino/commands';
import { Signal } from '@lumino/signaling';

import { HandshakeModel } from '../handshake';
import { DataModel } from '../rucio';
import { DataAPI } from '../rucio/publicapi';
import { WorkflowsAPI } from '../reana/publicapi';
import { WorkflowWatcher } from '../reana/watcher';
import { IWorkflow } from '../reana/types';
import { PublishAPI } from '../zenodo/publicapi';
import { IPublished } from '../zenodo/types';
import { dataPlugin } from '../rucio/plugin';
import { workflowsPlugin } from '../reana/plugin';
import { publishPlugin } from '../zenodo/plugin';
import {
  IVREData,
  IVREDIDAttached,
  IVREPublish,
  IVRERecordPublished,
  IVREWorkflowEnded,
  IVREWorkflows
} from '../tokens';
import {
  apiError,
  fakeAPI,
  instanceBody,
  instancesBody,
  statusBody,
  whoamiBody
} from './helpers';

describe('the slices provide their tokens', () => {
  it('Data, Workflows and Publish each provide a public interface', () => {
    expect(dataPlugin.provides).toBe(IVREData);
    expect(workflowsPlugin.provides).toBe(IVREWorkflows);
    expect(publishPlugin.provides).toBe(IVREPublish);
  });
});

describe('IVREData', () => {
  function dataAPI() {
    const api = fakeAPI(call => {
      switch (call.path) {
        case 'status':
          return statusBody();
        case 'rucio/instances':
          return instancesBody([
            instanceBody(),
            instanceBody({
              name: 'other',
              modes: ['replica', 'download'],
              default_mode: 'replica'
            })
          ]);
        case 'rucio/sandbox/whoami':
        case 'rucio/other/whoami':
          return whoamiBody();
        case 'rucio/sandbox/did/paths':
        case 'rucio/other/did/paths':
          return {
            did: call.query.get('did'),
            type: 'dataset',
            mode: call.query.get('mode'),
            paths: ['/d/a.csv', '/d/b.csv']
          };
        default:
          return apiError(404, null, `no route ${call.path}`);
      }
    });
    const handshake = new HandshakeModel({
      serverSettings: api.settings,
      frontendVersion: '0.1.0'
    });
    const model = new DataModel({ handshake, request: api.request });
    const shown: (string | undefined)[] = [];
    const data = new DataAPI({ model, show: query => shown.push(query) });
    return { api, model, data, shown };
  }

  it("gives a DID's local paths on the panel's instance in its default mode, or as asked", async () => {
    const { api, data } = dataAPI();

    const paths = await data.paths('demo:events');
    expect(paths).toEqual({
      did: 'demo:events',
      type: 'dataset',
      mode: 'download',
      paths: ['/d/a.csv', '/d/b.csv']
    });
    await data.paths('demo:events', { instance: 'other' });
    const asked = api.calls
      .filter(call => call.path.endsWith('did/paths'))
      .map(call => `${call.path} ${call.query.get('mode')}`);
    expect(asked).toEqual([
      'rucio/sandbox/did/paths download',
      'rucio/other/did/paths replica'
    ]);
  });

  it('refuses an instance that is not configured', async () => {
    const { data } = dataAPI();
    await expect(
      data.paths('demo:events', { instance: 'nosuch' })
    ).rejects.toThrow('No Rucio instance named nosuch.');
  });

  it('shows the Data section with a search', async () => {
    const { data, shown } = dataAPI();
    await data.search('demo:higgs*');
    expect(shown).toEqual(['demo:higgs*']);
  });

  it('tells when the user binds a DID to a notebook, with its path', async () => {
    const { model, data } = dataAPI();
    const heard: IVREDIDAttached[] = [];
    data.attached.connect((_, args) => heard.push(args));
    const attachment = {
      variable: 'events',
      did: 'demo:events',
      instance: 'sandbox',
      mode: 'download' as const
    };
    await model.attachments.attach(
      {
        id: 'nb',
        title: 'analysis.ipynb',
        path: 'work/analysis.ipynb',
        metadata: null,
        execute: async () => undefined
      },
      attachment
    );
    expect(heard).toEqual([{ notebook: 'work/analysis.ipynb', ...attachment }]);
  });
});

describe('IVREWorkflows', () => {
  it('runs its commands and tells once when a run it saw going has ended', async () => {
    const commands = new CommandRegistry();
    const ran: string[] = [];
    for (const id of ['validate', 'open-workflow']) {
      commands.addCommand(id, {
        describedBy: { args: { type: 'object' } },
        execute: args => {
          ran.push(`${id} ${JSON.stringify(args)}`);
        }
      });
    }
    const watcher = new WorkflowWatcher();
    const workflows = new WorkflowsAPI({
      commands,
      commandIds: { validate: 'validate', openWorkflow: 'open-workflow' },
      watcher
    });
    const heard: IVREWorkflowEnded[] = [];
    workflows.ended.connect((_, args) => heard.push(args));

    await workflows.validate('analysis/reana.yaml');
    await workflows.open('local', 'w1');
    const run = {
      id: 'w1',
      name: 'demo',
      run_number: 3,
      status: 'running'
    } as IWorkflow;
    watcher.observe('local', run);
    watcher.observe('local', { ...run, status: 'finished' });
    watcher.observe('local', { ...run, status: 'finished' });

    expect(ran).toEqual([
      'validate {"path":"analysis/reana.yaml"}',
      'open-workflow {"server":"local","id":"w1"}'
    ]);
    expect(heard).toEqual([
      {
        server: 'local',
        workflow: 'w1',
        name: 'demo',
        runNumber: '3',
        status: 'finished'
      }
    ]);
  });
});

describe('IVREPublish', () => {
  it('opens the form for paths and tells once when a form published its record', async () => {
    const commands = new CommandRegistry();
    const opened: unknown[] = [];
    commands.addCommand('publish', {
      describedBy: { args: { type: 'object' } },
      execute: args => opened.push(args)
    });
    const publish = new PublishAPI({ commands, publishCommand: 'publish' });
    const heard: IVRERecordPublished[] = [];
    publish.published.connect((_, args) => heard.push(args));

    await publish.openForm(['results/plot.png']);
    const form = {
      changed: new Signal<unknown, void>({}),
      repository: 'zenodo-sandbox',
      published: null as IPublished | null
    };
    publish.watch(form);
    form.changed.emit();
    form.published = {
      id: '123',
      doi: '10.5281/zenodo.123',
      html: 'https://sandbox.zenodo.org/records/123'
    } as IPublished;
    form.changed.emit();
    form.changed.emit();

    expect(opened).toEqual([{ paths: ['results/plot.png'] }]);
    expect(heard).toEqual([
      {
        repository: 'zenodo-sandbox',
        id: '123',
        doi: '10.5281/zenodo.123',
        url: 'https://sandbox.zenodo.org/records/123'
      }
    ]);
  });
});
