import { CommandRegistry } from '@lumino/commands';
import { nullTranslator } from '@jupyterlab/translation';

import { IJob } from '../api';
import { IJobMessages, JobFollower, silentFollower } from '../components/jobs';
import { ReanaClient } from '../reana/client';
import {
  addReproduceCommand,
  REPRODUCE_COMMAND,
  reproductionSummary
} from '../reana/reproduce';
import { PUBLISH_COMMAND } from '../tokens';
import { fakeAPI, jobBody } from './helpers';

const trans = nullTranslator.load('vre_lab');

function reproduction(
  summary: Record<string, number>,
  reproduced: boolean
): IJob {
  return jobBody({
    kind: 'reproduction',
    state: 'succeeded',
    result: {
      reproduced,
      report: 'reproductions/run/reproduction.md',
      folder: 'reproductions/run',
      summary: { same: 0, differs: 0, missing: 0, new: 0, ...summary }
    }
  });
}

describe('reproductionSummary', () => {
  it('says all outputs are the same, or counts what is not', () => {
    expect(reproductionSummary(reproduction({ same: 3 }, true), trans)).toBe(
      'Reproduced: all 3 outputs are the same.'
    );
    expect(
      reproductionSummary(
        reproduction({ same: 1, differs: 1, missing: 2 }, false),
        trans
      )
    ).toBe('Not reproduced: 1 same, 1 differ, 2 missing.');
  });

  it('says why when the input data stopped it before running', () => {
    const job = reproduction({}, false);
    Object.assign(job.result!, {
      ran: false,
      message: 'Input data demo:gone is missing from Rucio: nothing was run.'
    });
    expect(reproductionSummary(job, trans)).toBe(
      'Not reproduced: Input data demo:gone is missing from Rucio: nothing was run.'
    );
  });
});

const LOCAL_ONLY = {
  servers: [
    {
      name: 'local',
      display_name: 'This machine',
      kind: 'local',
      url: null,
      token: null,
      description: ''
    }
  ],
  selected: null
};

/**
 * The command over a fake server answering `ended` for the job, and the
 * messages its notification would show.
 */
function setUp(ended: IJob) {
  const api = fakeAPI(call =>
    call.path === 'reana/servers'
      ? LOCAL_ONLY
      : call.path === 'reana/reproductions'
        ? jobBody({ kind: 'reproduction' })
        : ended
  );
  const commands = new CommandRegistry();
  const opened: string[] = [];
  const published: unknown[] = [];
  commands.addCommand(PUBLISH_COMMAND, {
    execute: args => void published.push(args)
  });
  const shown: { messages: IJobMessages | null } = { messages: null };
  const watch = silentFollower(api.request, { interval: 1 });
  const follow: JobFollower = (start, messages, retry, onUpdate) => {
    shown.messages = messages;
    return watch(start, messages, retry, onUpdate);
  };
  addReproduceCommand({
    commands,
    client: new ReanaClient(api.request),
    follow,
    selected: () => 'ro-crates/run.zip',
    open: path => opened.push(path),
    trans
  });
  const posted = () => api.calls.filter(c => c.method === 'POST');
  return { api, commands, opened, published, shown, posted };
}

describe('the Reproduce command', () => {
  it('starts a reproduction of the chosen crate here when no REANA server has a token', async () => {
    const { commands, opened, shown, posted } = setUp(
      reproduction({ same: 1 }, true)
    );
    expect(commands.isVisible(REPRODUCE_COMMAND, {})).toBe(true);
    const job = (await commands.execute(REPRODUCE_COMMAND, {})) as IJob;
    expect(job.state).toBe('succeeded');
    expect(posted()[0]).toMatchObject({
      path: 'reana/reproductions',
      body: { source: 'ro-crates/run.zip' }
    });
    expect(shown.messages!.success(job)).toBe(
      'Reproduced: the output is the same.'
    );
    const [report] = shown.messages!.actions!(job);
    report.callback();
    expect(opened).toEqual(['reproductions/run/reproduction.md']);
    // Publish reproduction… is the next step: reading the report keeps it.
    expect(report.keepsNotification).toBe(true);
  });

  it('re-runs on the REANA server it is given', async () => {
    const { commands, posted } = setUp(reproduction({ same: 1 }, true));
    await commands.execute(REPRODUCE_COMMAND, { server: 'cern' });
    expect(posted()[0].body).toEqual({
      source: 'ro-crates/run.zip',
      server: 'cern'
    });
  });

  it('offers to publish the reproduction as a record of its own', async () => {
    const { commands, published, shown } = setUp(
      reproduction({ same: 1 }, true)
    );
    const job = (await commands.execute(REPRODUCE_COMMAND, {})) as IJob;
    const [, publish] = shown.messages!.actions!(job);
    expect(publish.label).toBe('Publish reproduction…');
    publish.callback();
    expect(published).toEqual([{ paths: ['reproductions/run'] }]);
  });
});

describe('the Reproduce command on a published record', () => {
  it('asks the server to fetch and reproduce the record', async () => {
    const { commands, shown, posted } = setUp(
      jobBody({
        kind: 'reproduction',
        state: 'succeeded',
        result: {
          comparable: false,
          reproduced: false,
          message: 'nothing recorded its outputs',
          report: 'reproductions/inv-7/reproduction.md',
          folder: 'reproductions/inv-7',
          summary: { same: 0, differs: 0, missing: 0, new: 0 }
        }
      })
    );
    const job = (await commands.execute(REPRODUCE_COMMAND, {
      repository: 'inv',
      record: '7'
    })) as IJob;
    expect(posted()[0].body).toEqual({
      record: { repository: 'inv', id: '7' }
    });
    expect(shown.messages!.success(job)).toBe(
      'Nothing to compare: nothing recorded its outputs'
    );
    // nothing was compared: nothing to publish as a reproduction
    const actions = shown.messages!.actions!(job);
    expect(actions.map(a => a.label)).toEqual(['Open report']);
    expect(actions[0].keepsNotification).toBe(false);
  });
});
