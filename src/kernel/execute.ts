/**
 * Running code in a kernel without a trace: silent (no output shown, no
 * execution count) and out of the history.
 */
import { Kernel, KernelMessage } from '@jupyterlab/services';

/**
 * Code that raised in the kernel.
 */
export class KernelExecutionError extends Error {
  constructor(ename: string, evalue: string) {
    super(evalue ? `${ename}: ${evalue}` : ename);
    this.name = 'KernelExecutionError';
    this.ename = ename;
    this.evalue = evalue;
  }

  readonly ename: string;
  readonly evalue: string;
}

/**
 * Send `code` to run silently in `kernel` at once (before any request sent
 * after this call), and wait for its reply.
 *
 * @param onStdin answers the code's `input()` requests, if it makes any
 * @throws {KernelExecutionError} when the code raised or was aborted
 */
export function sendSilently(
  kernel: Kernel.IKernelConnection,
  code: string,
  onStdin?: (
    prompt: string,
    reply: (value: string) => void
  ) => void | Promise<void>
): Promise<void> {
  const future = kernel.requestExecute(
    {
      code,
      silent: true,
      store_history: false,
      allow_stdin: onStdin !== undefined,
      stop_on_error: false
    },
    true
  );
  if (onStdin) {
    future.onStdin = msg => {
      if (KernelMessage.isInputRequestMsg(msg)) {
        return onStdin(msg.content.prompt, value =>
          kernel.sendInputReply({ status: 'ok', value }, msg.header)
        );
      }
    };
  }
  return future.done.then(reply => {
    const content = (reply as KernelMessage.IExecuteReplyMsg).content;
    if (content.status === 'error') {
      throw new KernelExecutionError(content.ename, content.evalue);
    }
    if (content.status !== 'ok') {
      throw new KernelExecutionError(
        'Aborted',
        'the kernel did not run the code'
      );
    }
  });
}

/**
 * Run `code` silently in `kernel`.
 *
 * A request the kernel aborted (because a cell queued before it raised) is
 * sent again, up to `attempts` times in all.
 *
 * @throws {KernelExecutionError} when the code raised, or stayed aborted
 */
export async function executeSilently(
  kernel: Kernel.IKernelConnection,
  code: string,
  attempts = 3
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const future = kernel.requestExecute(
      {
        code,
        silent: true,
        store_history: false,
        allow_stdin: false,
        stop_on_error: false
      },
      true
    );
    const reply = (await future.done) as KernelMessage.IExecuteReplyMsg;
    const content = reply.content;
    if (content.status === 'ok') {
      return;
    }
    if (content.status === 'error') {
      throw new KernelExecutionError(content.ename, content.evalue);
    }
    if (attempt >= attempts) {
      throw new KernelExecutionError(
        'Aborted',
        'the kernel did not run the code'
      );
    }
    await new Promise(resolve => setTimeout(resolve, 200 * attempt));
  }
}
