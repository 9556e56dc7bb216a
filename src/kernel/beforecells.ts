/**
 * Preparing a notebook's kernel before any of its cells runs, each time the
 * kernel starts or restarts (loading the magics, binding attached DIDs).
 *
 * "Restart Kernel and Run All" sends the cells as soon as the restart
 * request returns, before a "kernel ready" hook gets a turn. But JupyterLab
 * emits `NotebookActions.executionScheduled` synchronously before each
 * cell's execute request, and a kernel runs requests in the order they
 * arrive: a request sent from that signal runs before the cell.
 */
import { ISessionContext } from '@jupyterlab/apputils';
import { Notebook, NotebookActions, NotebookPanel } from '@jupyterlab/notebook';
import { Kernel } from '@jupyterlab/services';
import { DisposableDelegate, IDisposable } from '@lumino/disposable';

import { onKernelReady } from './kernelready';

/**
 * Call `prepare` once for each kernel of `panel` (and again after each
 * restart): before its first cell runs, or when it is ready, whichever
 * comes first. `prepare` must send what has to run first synchronously.
 *
 * @returns a disposable that stops watching
 */
export function prepareBeforeCells(
  panel: NotebookPanel,
  prepare: (kernel: Kernel.IKernelConnection) => void
): IDisposable {
  const sessionContext = panel.sessionContext;
  let armed = true;
  let disposed = false;

  const fire = (): void => {
    const kernel = sessionContext.session?.kernel;
    if (!armed || disposed || !kernel || panel.isDisposed) {
      return;
    }
    armed = false;
    prepare(kernel);
  };

  const arm = (): void => {
    armed = true;
  };
  const onStatus = (_: ISessionContext, status: Kernel.Status): void => {
    if (status === 'restarting' || status === 'autorestarting') {
      arm();
    }
  };
  const onScheduled = (
    _: unknown,
    args: { notebook: Notebook; cell: unknown }
  ): void => {
    if (args.notebook === panel.content) {
      fire();
    }
  };

  sessionContext.kernelChanged.connect(arm);
  sessionContext.statusChanged.connect(onStatus);
  NotebookActions.executionScheduled.connect(onScheduled);
  const ready = onKernelReady(sessionContext, () => {
    void panel.context.ready.then(fire);
  });

  return new DisposableDelegate(() => {
    disposed = true;
    ready.dispose();
    sessionContext.kernelChanged.disconnect(arm);
    sessionContext.statusChanged.disconnect(onStatus);
    NotebookActions.executionScheduled.disconnect(onScheduled);
  });
}

/**
 * Whether a kernel runs Python, from its kernel spec (known at once, where
 * `kernel.info` needs a reply first). Unknown specs count as Python.
 */
export function runsPython(
  sessionContext: ISessionContext,
  kernel: Kernel.IKernelConnection
): boolean {
  const spec = sessionContext.specsManager.specs?.kernelspecs[kernel.name];
  return !spec?.language || spec.language.toLowerCase() === 'python';
}
