import { IJob } from '../api';
import {
  JobFailedError,
  silentFollower,
  waitForSuccess,
  watchJob
} from '../components/jobs';
import { apiError, fakeAPI, jobBody } from './helpers';

const FAST = { interval: 1, maxInterval: 2 };

/**
 * A fake API whose job goes through `states`, one per poll.
 */
function jobGoingThrough(...states: Partial<IJob>[]) {
  let poll = 0;
  const api = fakeAPI(call => {
    if (call.path === 'jobs/job-1') {
      const state = states[Math.min(poll, states.length - 1)];
      poll++;
      return jobBody(state);
    }
    return apiError(404, null, `no route ${call.path}`);
  });
  return { ...api, polls: () => poll };
}

describe('watchJob', () => {
  it('polls until the job succeeds, then stops', async () => {
    const api = jobGoingThrough(
      { state: 'running', progress: 0.5 },
      { state: 'succeeded', progress: 1, result: { paths: ['/a'] } },
      { state: 'succeeded' }
    );

    const job = await watchJob(api.request, jobBody({ state: 'queued' }), FAST);

    expect(job.state).toBe('succeeded');
    expect(job.result).toEqual({ paths: ['/a'] });
    expect(api.polls()).toBe(2);
    await new Promise(resolve => setTimeout(resolve, 20));
    expect(api.polls()).toBe(2);
  });

  it.each(['failed', 'cancelled', 'interrupted'] as const)(
    'stops on the terminal state %s',
    async state => {
      const api = jobGoingThrough(
        { state: 'running' },
        { state, message: 'x' }
      );

      const job = await watchJob(api.request, jobBody(), FAST);

      expect(job.state).toBe(state);
      expect(api.polls()).toBe(2);
    }
  );

  it('does not poll a job that has already ended', async () => {
    const api = jobGoingThrough({ state: 'running' });

    const job = await watchJob(
      api.request,
      jobBody({ state: 'succeeded' }),
      FAST
    );

    expect(job.state).toBe('succeeded');
    expect(api.polls()).toBe(0);
  });

  it('reports every change of state, progress and message', async () => {
    const api = jobGoingThrough(
      { state: 'running', progress: 0.1 },
      { state: 'running', progress: 0.1 },
      { state: 'running', progress: 0.6, message: '2 of 3 files' },
      { state: 'succeeded', progress: 1 }
    );
    const seen: string[] = [];

    await watchJob(api.request, jobBody({ state: 'queued' }), {
      ...FAST,
      onUpdate: job => seen.push(`${job.state}:${job.progress}`)
    });

    expect(seen).toEqual([
      'queued:null',
      'running:0.1',
      'running:0.6',
      'succeeded:1'
    ]);
  });

  it('waits longer between polls as the job runs (backoff)', async () => {
    const times: number[] = [];
    let poll = 0;
    const api = fakeAPI(() => {
      times.push(Date.now());
      poll++;
      return jobBody({ state: poll >= 5 ? 'succeeded' : 'running' });
    });

    await watchJob(api.request, jobBody(), {
      interval: 20,
      backoff: 2,
      maxInterval: 1000
    });

    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps[gaps.length - 1]).toBeGreaterThan(gaps[0]);
  });

  it('rides out a few failed polls, and gives up after too many', async () => {
    let poll = 0;
    const flaky = fakeAPI(() => {
      poll++;
      return poll <= 2
        ? apiError(502, null, 'Bad gateway')
        : jobBody({ state: 'succeeded' });
    });
    await expect(
      watchJob(flaky.request, jobBody(), { ...FAST, maxErrors: 3 })
    ).resolves.toMatchObject({ state: 'succeeded' });

    const down = fakeAPI(() => apiError(502, null, 'Bad gateway'));
    await expect(
      watchJob(down.request, jobBody(), { ...FAST, maxErrors: 3 })
    ).rejects.toThrow('Bad gateway');
  });

  it('stops when aborted', async () => {
    const api = jobGoingThrough({ state: 'running' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);

    const job = await watchJob(api.request, jobBody(), {
      interval: 5,
      maxInterval: 5,
      signal: controller.signal
    });

    expect(job.state).toBe('running');
    const polls = api.polls();
    await new Promise(resolve => setTimeout(resolve, 30));
    expect(api.polls()).toBe(polls);
  });
});

describe('waitForSuccess', () => {
  it('reports a failed job as a JobFailedError with its message', async () => {
    const api = jobGoingThrough({
      state: 'failed',
      message: 'No space left on SANDBOX_DISK'
    });

    const error = await waitForSuccess(api.request, jobBody(), FAST).catch(
      e => e
    );

    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.message).toBe('No space left on SANDBOX_DISK');
    expect((error as JobFailedError).job.state).toBe('failed');
  });

  it('says in a sentence how a job ended when the job says nothing', () => {
    const error = new JobFailedError(
      jobBody({ state: 'cancelled', message: '' })
    );
    expect(error.message).toBe('The job was cancelled.');
  });
});

describe('silentFollower', () => {
  it('starts the job and follows it to its end', async () => {
    const api = jobGoingThrough({ state: 'succeeded' });
    const follow = silentFollower(api.request, FAST);

    const job = await follow(async () => jobBody({ state: 'queued' }), {
      pending: '',
      success: () => '',
      failure: () => ''
    });

    expect(job.state).toBe('succeeded');
  });
});
