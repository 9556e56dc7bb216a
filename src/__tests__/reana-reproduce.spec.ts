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

describe('the Reproduce command', () => {
  it('starts a reproduction of the chosen crate and offers its report', async () => {
    const done = reproduction({ same: 1 }, true);
    const api = fakeAPI(call =>
      call.path === 'reana/reproductions'
        ? jobBody({ kind: 'reproduction' })
        : done
    );
    const commands = new CommandRegistry();
    const opened: string[] = [];
    let messages: IJobMessages | null = null;
    const watch = silentFollower(api.request, { interval: 1 });
    const follow: JobFollower = (start, shown, retry, onUpdate) => {
      messages = shown;
      return watch(start, shown, retry, onUpdate);
    };
    addReproduceCommand({
      commands,
      client: new ReanaClient(api.request),
      follow,
      selected: () => 'ro-crates/run.zip',
      open: path => opened.push(path),
      trans
    });
    expect(commands.isVisible(REPRODUCE_COMMAND, {})).toBe(true);
    const job = (await commands.execute(REPRODUCE_COMMAND, {})) as IJob;
    expect(job.state).toBe('succeeded');
    expect(api.calls[0]).toMatchObject({
      method: 'POST',
      path: 'reana/reproductions',
      body: { source: 'ro-crates/run.zip' }
    });
    expect(messages!.success(job)).toBe('Reproduced: the output is the same.');
    messages!.actions!(job)[0].callback();
    expect(opened).toEqual(['reproductions/run/reproduction.md']);
  });
});

describe('the Reproduce command on a published record', () => {
  it('asks the server to fetch and reproduce the record', async () => {
    const api = fakeAPI(call =>
      call.path === 'reana/reproductions'
        ? jobBody({ kind: 'reproduction' })
        : jobBody({
            kind: 'reproduction',
            state: 'succeeded',
            result: {
              comparable: false,
              reproduced: false,
              message: 'nothing recorded its outputs',
              report: 'reproductions/inv-7/reproduction.md',
              summary: { same: 0, differs: 0, missing: 0, new: 0 }
            }
          })
    );
    const commands = new CommandRegistry();
    let messages: IJobMessages | null = null;
    const watch = silentFollower(api.request, { interval: 1 });
    addReproduceCommand({
      commands,
      client: new ReanaClient(api.request),
      follow: (start, shown, retry, onUpdate) => {
        messages = shown;
        return watch(start, shown, retry, onUpdate);
      },
      selected: () => null,
      open: () => undefined,
      trans
    });
    const job = (await commands.execute(REPRODUCE_COMMAND, {
      repository: 'inv',
      record: '7'
    })) as IJob;
    expect(api.calls[0].body).toEqual({
      record: { repository: 'inv', id: '7' }
    });
    expect(messages!.success(job)).toBe(
      'Nothing to compare: nothing recorded its outputs'
    );
  });
});
