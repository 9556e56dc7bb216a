/**
 * A JupyterLab notebook panel as a notebook DIDs can be attached to.
 */
import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';

import { PromiseDelegate } from '@lumino/coreutils';

import { runsPython } from '../kernel/beforecells';
import { executeSilently, sendSilently } from '../kernel/execute';
import { isPythonKernel } from '../kernel/kernelready';
import { IAttachableNotebook, IKernelHold } from './attachmentmanager';
import { receiveCode } from './pythoncode';

/**
 * The attachable view of a notebook panel (one per panel).
 */
export function attachableNotebook(
  panel: NotebookPanel,
  trans: TranslationBundle
): IAttachableNotebook {
  let notebook = Private.adapters.get(panel);
  if (!notebook) {
    notebook = {
      get id(): string {
        return panel.id;
      },
      get title(): string {
        return panel.title.label;
      },
      get path(): string {
        return panel.context.path;
      },
      get metadata() {
        return panel.isDisposed ? null : panel.model;
      },
      async execute(code: string): Promise<void> {
        const context = panel.sessionContext;
        await context.ready;
        const kernel = context.session?.kernel;
        if (!kernel) {
          throw new Error(
            trans.__('%1 has no kernel: start one first.', panel.title.label)
          );
        }
        if (!(await isPythonKernel(kernel))) {
          throw new Error(
            trans.__('%1 does not run a Python kernel.', panel.title.label)
          );
        }
        await executeSilently(kernel, code);
      },
      hold(variables: string[]): IKernelHold | null {
        const kernel = panel.sessionContext.session?.kernel;
        if (!kernel || !runsPython(panel.sessionContext, kernel)) {
          return null;
        }
        const asked = new PromiseDelegate<(value: string) => void>();
        const done = sendSilently(kernel, receiveCode(variables), (_, reply) =>
          asked.resolve(reply)
        );
        done.catch(reason => asked.reject(reason));
        return {
          async release(values): Promise<void> {
            const reply = await asked.promise;
            reply(JSON.stringify({ values }));
            await done;
          }
        };
      }
    };
    Private.adapters.set(panel, notebook);
  }
  return notebook;
}

namespace Private {
  export const adapters = new WeakMap<NotebookPanel, IAttachableNotebook>();
}
