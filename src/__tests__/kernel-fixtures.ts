/**
 * A fake kernel and session context, driven by the kernel tests.
 */
import { ISessionContext } from '@jupyterlab/apputils';
import { Kernel } from '@jupyterlab/services';
import { PromiseDelegate } from '@lumino/coreutils';
import { Signal } from '@lumino/signaling';

/**
 * A fake kernel whose info reply arrives when `answer` is called, and which
 * records what it is asked to execute.
 */
export function fakeKernel(language = 'python') {
  const info = new PromiseDelegate<any>();
  const executed: any[] = [];
  const kernel = {
    isDisposed: false,
    info: info.promise,
    executed,
    answer: () => info.resolve({ language_info: { name: language } }),
    requestExecute: (content: any) => {
      executed.push(content);
      return {
        done: Promise.resolve({ content: { status: 'ok' } })
      };
    }
  };
  return kernel;
}

/**
 * A fake session context whose kernel and status the test drives.
 */
export function fakeSession(kernel: ReturnType<typeof fakeKernel> | null) {
  const owner = {};
  const kernelChanged = new Signal<any, any>(owner);
  const statusChanged = new Signal<any, Kernel.Status>(owner);
  const context = {
    session: { kernel },
    kernelChanged,
    statusChanged
  };
  return {
    context: context as unknown as ISessionContext,
    changeKernel(next: ReturnType<typeof fakeKernel>) {
      const old = context.session.kernel;
      context.session.kernel = next;
      kernelChanged.emit({ name: 'kernel', oldValue: old, newValue: next });
    },
    status(status: Kernel.Status) {
      statusChanged.emit(status);
    }
  };
}
