/**
 * Loading the `%rucio` magics (the IPython extension `vre_lab`) into every
 * Python kernel the lab starts or restarts, for notebooks and consoles.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ISessionContext } from '@jupyterlab/apputils';
import { IConsoleTracker } from '@jupyterlab/console';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { Kernel } from '@jupyterlab/services';
import { Widget } from '@lumino/widgets';

import { prepareBeforeCells, runsPython } from './beforecells';
import { executeSilently, sendSilently } from './execute';
import { isPythonKernel, onKernelReady } from './kernelready';

/**
 * The code loading the `%rucio` magics; a kernel without vre_lab (or
 * without IPython) stays silent.
 */
export const LOAD_MAGICS_CODE = [
  'try:',
  "    get_ipython().run_line_magic('load_ext', 'vre_lab')",
  'except Exception:',
  '    pass'
].join('\n');

/**
 * Load the magics into a kernel, if it runs Python.
 */
export async function loadMagics(
  kernel: Kernel.IKernelConnection
): Promise<void> {
  if (!(await isPythonKernel(kernel))) {
    return;
  }
  try {
    await executeSilently(kernel, LOAD_MAGICS_CODE);
  } catch (reason) {
    console.debug('vre-lab: the %rucio magics were not loaded', reason);
  }
}

/**
 * Load the magics into a console's kernel whenever it becomes ready, until
 * the console is disposed.
 */
export function loadMagicsInto(widget: {
  sessionContext: ISessionContext;
  disposed: Widget['disposed'];
}): void {
  const hook = onKernelReady(widget.sessionContext, kernel => {
    void loadMagics(kernel);
  });
  widget.disposed.connect(() => hook.dispose());
}

/**
 * Load the magics into a notebook's kernel before its first cell runs, each
 * time it starts or restarts, until the notebook is closed.
 */
export function loadMagicsBeforeCells(panel: NotebookPanel): void {
  const hook = prepareBeforeCells(panel, kernel => {
    if (runsPython(panel.sessionContext, kernel)) {
      sendSilently(kernel, LOAD_MAGICS_CODE).catch(reason =>
        console.debug('vre-lab: the %rucio magics were not loaded', reason)
      );
    }
  });
  panel.disposed.connect(() => hook.dispose());
}

/**
 * The plugin loading the `%rucio` magics into notebook and console kernels.
 */
export const kernelMagicsPlugin: JupyterFrontEndPlugin<void> = {
  id: 'vre-lab:kernel-magics',
  description:
    'Loads the %rucio magics into every Python kernel of a notebook or console.',
  autoStart: true,
  optional: [INotebookTracker, IConsoleTracker],
  activate: (
    app: JupyterFrontEnd,
    notebooks: INotebookTracker | null,
    consoles: IConsoleTracker | null
  ): void => {
    if (notebooks) {
      notebooks.forEach(panel => loadMagicsBeforeCells(panel));
      notebooks.widgetAdded.connect((_, panel) => loadMagicsBeforeCells(panel));
    }
    if (consoles) {
      consoles.forEach(widget => loadMagicsInto(widget));
      consoles.widgetAdded.connect((_, widget) => loadMagicsInto(widget));
    }
  }
};
