import { NotebookActions, NotebookPanel } from '@jupyterlab/notebook';
import { Signal } from '@lumino/signaling';

import { prepareBeforeCells } from '../kernel/beforecells';
import { fakeKernel, fakeSession } from './kernel-fixtures';

/**
 * A notebook panel as prepareBeforeCells sees it: its session and content.
 */
function fakePanel() {
  const kernel = fakeKernel();
  const session = fakeSession(kernel);
  const content = {};
  const panel = {
    sessionContext: session.context,
    content,
    context: { ready: Promise.resolve() },
    isDisposed: false
  } as unknown as NotebookPanel;
  return { panel, kernel, session, content };
}

/**
 * JupyterLab scheduling a cell of `notebook`: the signal fires, then the
 * cell's execute request is sent (in the same turn).
 */
function scheduleCell(notebook: unknown, order: string[]): void {
  (NotebookActions.executionScheduled as Signal<any, any>).emit({
    notebook,
    cell: {}
  });
  order.push('cell');
}

const tick = () => new Promise(resolve => setTimeout(resolve, 0));

describe('prepareBeforeCells', () => {
  it('prepares a restarted kernel before the first cell Run All sends, not after', async () => {
    const { panel, kernel, session, content } = fakePanel();
    const order: string[] = [];
    const hook = prepareBeforeCells(panel, () => order.push('prepare'));
    kernel.answer();
    await tick();
    expect(order).toEqual(['prepare']); // the kernel was ready

    order.length = 0;
    session.status('restarting');
    scheduleCell(content, order); // Restart Kernel and Run All
    scheduleCell(content, order);
    session.status('idle'); // ready again, after the cells were sent
    await tick();

    expect(order).toEqual(['prepare', 'cell', 'cell']);
    hook.dispose();
  });

  it('prepares once per kernel, at ready when no cell came first', async () => {
    const { panel, kernel, session, content } = fakePanel();
    const order: string[] = [];
    const hook = prepareBeforeCells(panel, () => order.push('prepare'));
    kernel.answer();
    await tick();
    scheduleCell(content, order);
    session.status('restarting');
    session.status('idle');
    await tick();
    scheduleCell(content, order);

    expect(order).toEqual(['prepare', 'cell', 'prepare', 'cell']);
    hook.dispose();
  });

  it("ignores other notebooks' cells and stops when disposed", async () => {
    const { panel, session, content } = fakePanel();
    const order: string[] = [];
    const hook = prepareBeforeCells(panel, () => order.push('prepare'));
    session.status('restarting');
    scheduleCell({}, order);
    hook.dispose();
    scheduleCell(content, order);

    expect(order).toEqual(['cell', 'cell']);
  });
});
