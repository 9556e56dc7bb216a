/**
 * Knowing when a kernel is ready for code: when a session gets a new kernel,
 * and again after every restart of it (by the user or automatic).
 */
import { ISessionContext } from '@jupyterlab/apputils';
import { Kernel } from '@jupyterlab/services';
import { DisposableDelegate, IDisposable } from '@lumino/disposable';

/**
 * Call `callback` with the kernel each time the session's kernel becomes
 * ready: once its first `kernel_info` reply arrived, and after each restart.
 *
 * @returns a disposable that stops watching
 */
export function onKernelReady(
  sessionContext: ISessionContext,
  callback: (kernel: Kernel.IKernelConnection) => void
): IDisposable {
  let disposed = false;
  let restarting = false;

  const current = (): Kernel.IKernelConnection | null =>
    sessionContext.session?.kernel ?? null;

  const whenInfo = (kernel: Kernel.IKernelConnection): void => {
    kernel.info
      .then(() => {
        if (!disposed && current() === kernel && !kernel.isDisposed) {
          callback(kernel);
        }
      })
      .catch(() => {
        // A kernel that never answered is not ready.
      });
  };

  const onKernelChanged = (
    _: ISessionContext,
    change: { newValue: Kernel.IKernelConnection | null }
  ): void => {
    restarting = false;
    if (change.newValue) {
      whenInfo(change.newValue);
    }
  };

  const onStatusChanged = (_: ISessionContext, status: Kernel.Status): void => {
    if (status === 'restarting' || status === 'autorestarting') {
      restarting = true;
    } else if (status === 'dead') {
      restarting = false;
    } else if (status === 'idle' && restarting) {
      restarting = false;
      const kernel = current();
      if (kernel && !disposed) {
        callback(kernel);
      }
    }
  };

  sessionContext.kernelChanged.connect(onKernelChanged);
  sessionContext.statusChanged.connect(onStatusChanged);
  const existing = current();
  if (existing) {
    whenInfo(existing);
  }

  return new DisposableDelegate(() => {
    disposed = true;
    sessionContext.kernelChanged.disconnect(onKernelChanged);
    sessionContext.statusChanged.disconnect(onStatusChanged);
  });
}

/**
 * Whether a kernel runs Python.
 */
export async function isPythonKernel(
  kernel: Kernel.IKernelConnection
): Promise<boolean> {
  try {
    const info = await kernel.info;
    return (info.language_info?.name ?? '').toLowerCase() === 'python';
  } catch {
    return false;
  }
}
