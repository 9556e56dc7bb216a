/**
 * The sandbox of the lab `scripts/lab.sh` starts: held by lab.sh while the
 * lab runs, so a `vre-lab sandbox stop` from another shell is refused and
 * says who holds it; stopped anyway (--force), the Data section says how to
 * start it again, and Retry connects once it runs.
 */
import { expect, test } from '@jupyterlab/galata';
import { spawnSync } from 'child_process';
import * as path from 'path';

import { openSection } from '../tests/panel';

const REPO = path.resolve(__dirname, '..', '..');
const HOME = path.join(REPO, '.sandbox');

/**
 * `vre-lab sandbox ARGS` from a shell of its own (not the lab's).
 */
function sandbox(...args: string[]): { status: number; output: string } {
  const result = spawnSync(
    path.join(REPO, '.venv', 'bin', 'vre-lab'),
    ['sandbox', ...args, '--home', HOME],
    { encoding: 'utf-8', timeout: 180 * 1000 }
  );
  return {
    status: result.status ?? -1,
    output: `${result.stdout}${result.stderr}`
  };
}

test.setTimeout(240 * 1000);

test.describe('The sandbox of the lab scripts/lab.sh starts', () => {
  test('cannot be stopped from elsewhere unnoticed; stopped, the panel says how to start it', async ({
    page
  }) => {
    const status = sandbox('status');
    expect(status.status).toBe(0);
    expect(status.output).toMatch(/held by +scripts\/lab\.sh in /);
    expect(status.output).toContain(`scripts/lab.sh in ${REPO} (pid `);

    const refused = sandbox('stop');
    expect(refused.status).toBe(1);
    expect(refused.output).toContain(`in use by scripts/lab.sh in ${REPO}`);
    expect(refused.output).toContain('vre-lab sandbox stop --force');

    try {
      expect(sandbox('stop', '--force').status).toBe(0);
      await page.reload();
      const data = await openSection(page, 'data');
      const connection = data.getByTestId('vre-rucio-connection');
      await expect(connection).toHaveAttribute('data-state', 'error', {
        timeout: 30 * 1000
      });
      await expect(connection).toContainText(
        'the local sandbox is not running. Start it in a terminal with ' +
          `\`vre-lab sandbox start --home ${HOME}\``
      );

      expect(sandbox('start').status).toBe(0);
      await connection.getByRole('button', { name: 'Retry' }).click();
      await expect(connection).toContainText(/Connected as root on Sandbox/, {
        timeout: 30 * 1000
      });
    } finally {
      sandbox('start'); // for the walkthrough, whatever happened
    }
  });
});
