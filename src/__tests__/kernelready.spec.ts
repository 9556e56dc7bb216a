import { Kernel } from '@jupyterlab/services';

import { executeSilently } from '../kernel/execute';
import { isPythonKernel, onKernelReady } from '../kernel/kernelready';
import { LOAD_MAGICS_CODE, loadMagics } from '../kernel/magics';
import { fakeKernel, fakeSession } from './kernel-fixtures';

const tick = () => new Promise(resolve => setTimeout(resolve, 0));

describe('onKernelReady', () => {
  it('fires once the kernel answered its info request', async () => {
    const kernel = fakeKernel();
    const session = fakeSession(kernel);
    const ready: unknown[] = [];

    onKernelReady(session.context, k => ready.push(k));
    await tick();
    expect(ready).toEqual([]);

    kernel.answer();
    await tick();
    expect(ready).toEqual([kernel]);
  });

  it('fires for a new kernel of the session', async () => {
    const session = fakeSession(null);
    const ready: unknown[] = [];
    onKernelReady(session.context, k => ready.push(k));

    const kernel = fakeKernel();
    session.changeKernel(kernel);
    kernel.answer();
    await tick();

    expect(ready).toEqual([kernel]);
  });

  it('fires again after each restart, when the kernel is idle again', async () => {
    const kernel = fakeKernel();
    kernel.answer();
    const session = fakeSession(kernel);
    const ready: unknown[] = [];
    onKernelReady(session.context, k => ready.push(k));
    await tick();

    session.status('busy');
    session.status('idle');
    expect(ready).toHaveLength(1);

    session.status('restarting');
    session.status('starting');
    session.status('idle');
    session.status('busy');
    session.status('idle');
    expect(ready).toHaveLength(2);

    session.status('autorestarting');
    session.status('idle');
    expect(ready).toHaveLength(3);
  });

  it('stops when disposed', async () => {
    const kernel = fakeKernel();
    const session = fakeSession(kernel);
    const ready: unknown[] = [];
    const hook = onKernelReady(session.context, k => ready.push(k));

    hook.dispose();
    kernel.answer();
    session.status('restarting');
    session.status('idle');
    await tick();

    expect(ready).toEqual([]);
  });
});

describe('loadMagics', () => {
  it('loads vre_lab silently, out of the history, in a Python kernel', async () => {
    const kernel = fakeKernel('python');
    kernel.answer();

    await loadMagics(kernel as unknown as Kernel.IKernelConnection);

    expect(kernel.executed).toEqual([
      expect.objectContaining({
        code: LOAD_MAGICS_CODE,
        silent: true,
        store_history: false
      })
    ]);
    expect(LOAD_MAGICS_CODE).toContain(
      "get_ipython().run_line_magic('load_ext', 'vre_lab')"
    );
    expect(LOAD_MAGICS_CODE).toMatch(
      /^try:\n[\s\S]*\nexcept Exception:\n {4}pass$/
    );
  });

  it('leaves other kernels alone', async () => {
    const kernel = fakeKernel('R');
    kernel.answer();

    await loadMagics(kernel as unknown as Kernel.IKernelConnection);

    expect(kernel.executed).toEqual([]);
    expect(
      await isPythonKernel(kernel as unknown as Kernel.IKernelConnection)
    ).toBe(false);
  });
});

describe('executeSilently', () => {
  /**
   * A kernel answering each execute request with the next status.
   */
  function kernelAnswering(...statuses: string[]) {
    const requests: any[] = [];
    const kernel = {
      requests,
      requestExecute: (content: any) => {
        requests.push(content);
        const status = statuses[Math.min(requests.length, statuses.length) - 1];
        return {
          done: Promise.resolve({
            content:
              status === 'error'
                ? {
                    status,
                    ename: 'NameError',
                    evalue: "name 'x' is not defined"
                  }
                : { status }
          })
        };
      }
    };
    return kernel;
  }

  it('runs code silently and out of the history', async () => {
    const kernel = kernelAnswering('ok');

    await executeSilently(kernel as any, 'x = 1');

    expect(kernel.requests).toEqual([
      expect.objectContaining({
        code: 'x = 1',
        silent: true,
        store_history: false
      })
    ]);
  });

  it('reports code that raised', async () => {
    const kernel = kernelAnswering('error');

    await expect(executeSilently(kernel as any, 'x')).rejects.toThrow(
      "NameError: name 'x' is not defined"
    );
  });

  it('sends a request again that the kernel aborted (a cell before it raised)', async () => {
    const kernel = kernelAnswering('aborted', 'ok');

    await executeSilently(kernel as any, 'x = 1');

    expect(kernel.requests).toHaveLength(2);
  });

  it('gives up after a few aborted attempts', async () => {
    const kernel = kernelAnswering('aborted');

    await expect(executeSilently(kernel as any, 'x = 1', 2)).rejects.toThrow(
      /Aborted/
    );
    expect(kernel.requests).toHaveLength(2);
  });
});
