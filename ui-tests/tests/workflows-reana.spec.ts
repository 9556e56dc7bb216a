/**
 * The Workflows section against a REANA server: the strict REANA double
 * that start-lab.sh starts (servers `double`, with its token, and
 * `double-login`, without). A reana.yaml of the lab is run there from the
 * file browser's context menu, its logs followed while it runs, its outputs
 * downloaded into the lab; a run is stopped; a token is entered, refused,
 * accepted and forgotten.
 *
 * The tests of this file change the double's timing (the tests of one file
 * run one after the other); after each, the double must have seen no request
 * that breaks REANA's API spec.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import {
  chooseServer,
  doubleViolations,
  openWorkflows,
  REANA_DOUBLE,
  reanaDouble,
  runOnDouble,
  setDoubleTiming,
  toast,
  uniqueName,
  workflowRow,
  writeAnalysis
} from './workflows';

// What writeAnalysis's reana.yaml declares, as the run form prefills them.
const ANALYSIS_PARAMETERS = { greeting: 'Hello', scale: '2' };
const LOGIN = 'Token test (REANA double)';

test.setTimeout(120 * 1000);

test.afterEach(async ({ request }) => {
  await setDoubleTiming(request, 1);
  expect(await doubleViolations(request)).toEqual([]);
});

/**
 * Confirm the dialog that asks "TITLE" with its `button`.
 */
async function confirm(
  page: IJupyterLabPageFixture,
  title: string,
  button: string
): Promise<void> {
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.locator('.jp-Dialog-header')).toHaveText(title);
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

test.describe('Workflows on REANA (the double)', () => {
  test('runs a reana.yaml on REANA, follows its logs, downloads its outputs, and deletes it', async ({
    page,
    request,
    tmpPath,
    baseURL
  }) => {
    // Slow enough to see the logs grow (3 jobs of 2 s).
    await setDoubleTiming(request, 2);
    const dir = `${tmpPath}/analysis`;
    await writeAnalysis(page, dir);
    const name = uniqueName('reana');
    const label = `${name}.1`;

    const detail = await runOnDouble(page, dir, name, ANALYSIS_PARAMETERS);

    // The logs, followed while it runs: the engine log grows, step by step.
    await detail.getByTestId('vre-reana-detail-tab-logs').click();
    const logs = detail.getByTestId('vre-reana-logs');
    await expect(logs).toHaveAttribute('data-live', 'true');
    await expect(logs).toContainText(
      'Following the logs while the workflow runs…'
    );
    const engineLog = logs.getByTestId('vre-reana-engine-log');
    await expect(engineLog).toContainText(
      'Publishing step:0, cmd: mkdir -p results',
      {
        timeout: 30 * 1000
      }
    );
    const early = Number(await engineLog.getAttribute('data-length'));
    await expect(
      logs.locator('.vre-StepLog[data-step="summarize"]').first()
    ).toBeVisible();
    await expect(engineLog).toContainText(
      'Publishing step:2, cmd: python3 code/summarize.py --plot',
      {
        timeout: 30 * 1000
      }
    );
    expect(Number(await engineLog.getAttribute('data-length'))).toBeGreaterThan(
      early
    );
    await expect(detail).toHaveAttribute('data-status', 'running');

    // Finished: the live note goes, every job's log is there.
    await expect(detail).toHaveAttribute('data-status', 'finished', {
      timeout: 60 * 1000
    });
    await expect(logs).toHaveAttribute('data-live', 'false');
    await expect(logs).not.toContainText('Following the logs');
    await expect(engineLog).toContainText(' finished.');
    await expect(
      logs.locator('.vre-StepLog[data-step="summarize"]')
    ).toHaveCount(2);
    const plot = logs.locator('.vre-StepLog[data-step="plot"]');
    await expect(plot).toHaveAttribute('data-status', 'finished');
    await expect(plot.locator('pre')).toContainText(
      '$ python3 code/summarize.py --plot results/plot.png'
    );
    await expect(plot.locator('pre')).toContainText('step plot done');
    await expect(
      toast(page, `Workflow ${label} finished on ${REANA_DOUBLE}.`)
    ).toBeVisible();

    // The section lists it, finished, on the double.
    const section = await openWorkflows(page);
    await expect(section.getByTestId('vre-reana-connection')).toHaveText(
      `Connected as Jane Doe on ${REANA_DOUBLE}`
    );
    const row = workflowRow(section, label);
    await expect(row).toHaveAttribute('data-status', 'finished');
    await expect(row.locator('.vre-Progress-text')).toHaveText('3/3');

    // The parameters it ran with, and the outputs the reana.yaml declares.
    await detail.getByTestId('vre-reana-detail-tab-overview').click();
    await expect(
      detail
        .getByTestId('vre-reana-parameters')
        .locator('tr', { hasText: 'scale' })
    ).toContainText('2');
    const outputs = detail.getByTestId('vre-reana-outputs');
    await expect(outputs.locator('[data-file]')).toHaveText([
      /results\/summary\.txt/,
      /results\/plot\.png/
    ]);

    // Download all outputs: into reana-outputs/NAME.RUN of the lab, with
    // the run's provenance.json completed with their checksums.
    await detail.getByTestId('vre-reana-download-outputs').click();
    const downloaded = toast(
      page,
      `Downloaded 3 files of ${label} into reana-outputs/${label}.`
    );
    await expect(downloaded).toBeVisible({ timeout: 30 * 1000 });
    const folder = `reana-outputs/${label}`;
    expect(await page.contents.fileExists(`${folder}/results/plot.png`)).toBe(
      true
    );
    expect(await page.contents.fileExists(`${folder}/provenance.json`)).toBe(
      true
    );
    const summary = await page.request.get(
      `${baseURL}/api/contents/${folder}/results/summary.txt?content=1`
    );
    expect((await summary.json()).content).toBe(
      `results/summary.txt of ${label}, simulated by the REANA test double\n`
    );

    // The notification shows the folder in the file browser.
    await downloaded
      .getByRole('button', { name: 'Show in file browser' })
      .click();
    await expect
      .poll(() => page.filebrowser.getCurrentDirectory())
      .toBe(folder);
    const results = page.locator('.jp-DirListing-item', { hasText: 'results' });
    await expect(results).toBeVisible();
    await results.dblclick();
    await expect
      .poll(() => page.filebrowser.getCurrentDirectory())
      .toBe(`${folder}/results`);
    for (const file of ['summary.txt', 'plot.png']) {
      await expect(
        page.locator('.jp-DirListing-item', { hasText: file })
      ).toBeVisible();
    }

    // Delete, after a confirmation: the tab closes, the list forgets it.
    await page.activity.activateTab(label);
    await detail.getByTestId('vre-reana-delete').click();
    await confirm(page, `Delete ${label}?`, 'Delete');
    await expect(detail).toHaveCount(0);
    await openWorkflows(page);
    await expect(row).toHaveCount(0, { timeout: 30 * 1000 });
    // Files downloaded into the lab stay.
    expect(await page.contents.fileExists(`${folder}/results/plot.png`)).toBe(
      true
    );
    await page.contents.deleteDirectory(folder);
  });

  test('stops a running workflow', async ({ page, request, tmpPath }) => {
    // Long enough to stop it while it runs.
    await setDoubleTiming(request, 30);
    const dir = `${tmpPath}/analysis`;
    await writeAnalysis(page, dir);
    const name = uniqueName('stop');
    const label = `${name}.1`;

    const detail = await runOnDouble(page, dir, name, ANALYSIS_PARAMETERS);
    await expect(detail).toHaveAttribute('data-status', 'running', {
      timeout: 30 * 1000
    });
    // Nothing to download or delete while it runs.
    await expect(
      detail.getByTestId('vre-reana-download-outputs')
    ).toBeDisabled();
    await expect(detail.getByTestId('vre-reana-delete')).toBeDisabled();

    await detail.getByTestId('vre-reana-stop').click();
    await confirm(page, `Stop ${label}?`, 'Stop');

    await expect(detail).toHaveAttribute('data-status', 'stopped', {
      timeout: 30 * 1000
    });
    await expect(detail.getByTestId('vre-reana-stop')).toHaveCount(0);
    await expect(
      toast(page, `Workflow ${label} was stopped on ${REANA_DOUBLE}.`)
    ).toBeVisible({ timeout: 30 * 1000 });
    const section = await openWorkflows(page);
    await expect(workflowRow(section, label)).toHaveAttribute(
      'data-status',
      'stopped'
    );

    await detail.getByTestId('vre-reana-delete').click();
    await confirm(page, `Delete ${label}?`, 'Delete');
    await expect(detail).toHaveCount(0);
  });
});

test.describe('Workflows on REANA: the token form', () => {
  // A token left from an earlier run of this test would connect at once.
  test.beforeEach(async ({ request, baseURL }) => {
    const response = await request.delete(
      `${baseURL}/vre-lab/api/reana/servers/double-login/token`
    );
    expect(response.status()).toBe(204);
  });

  test('asks for a token, says when it is wrong, connects with the right one, and forgets it', async ({
    page
  }) => {
    const { token } = reanaDouble();
    const wrong = `${token}-wrong`;
    const section = await openWorkflows(page);

    // The server without a token: the form, empty, nothing listed.
    const connection = await chooseServer(section, 'double-login', 'token');
    await expect(connection).toHaveText(
      `Enter your REANA access token for ${LOGIN}.`
    );
    const form = section.getByTestId('vre-reana-token-form');
    const field = form.getByTestId('vre-reana-token');
    const use = form.getByRole('button', { name: 'Use token' });
    await expect(field).toHaveAttribute('type', 'password');
    await expect(field).toHaveValue('');
    await expect(use).toBeDisabled();
    await expect(section.getByTestId('vre-reana-workflows')).toHaveCount(0);

    // A wrong token: one line saying so, the field emptied, the token
    // nowhere in the page.
    await field.fill(wrong);
    await use.click();
    await expect(connection).toHaveText(
      `${LOGIN} rejected the token. Enter a new one.`
    );
    const error = form.getByRole('alert');
    await expect(error).toHaveCount(1);
    await expect(error).toBeVisible();
    await expect(error).toHaveText(
      'REANA refused the access token: Token not valid.'
    );
    expect(await error.innerText()).not.toContain('\n');
    await expect(field).toHaveValue('');
    expect(await page.content()).not.toContain(wrong);
    await expect(section.getByTestId('vre-reana-workflows')).toHaveCount(0);

    // The right one: connected, the list is there, the token is not.
    await field.fill(token);
    await use.click();
    await expect(connection).toHaveAttribute('data-state', 'connected');
    await expect(connection).toContainText(`Connected as Jane Doe on ${LOGIN}`);
    await expect(form).toHaveCount(0);
    await expect(section.getByTestId('vre-reana-workflows')).toBeVisible();
    await expect(
      section.getByTestId('vre-reana-list-summary')
    ).not.toHaveAttribute('data-state', 'error');
    expect(await page.content()).not.toContain(token);

    // Forget it: the form is back, empty.
    await section.getByTestId('vre-reana-forget-token').click();
    await expect(connection).toHaveAttribute('data-state', 'token');
    await expect(connection).toHaveText(
      `Enter your REANA access token for ${LOGIN}.`
    );
    await expect(form).toBeVisible();
    await expect(field).toHaveValue('');
    await expect(section.getByTestId('vre-reana-forget-token')).toHaveCount(0);
    await expect(section.getByTestId('vre-reana-workflows')).toHaveCount(0);
    expect(await page.content()).not.toContain(token);

    // Back to the server with a token, which terminals get again.
    await chooseServer(section, 'double', 'connected');
    await expect(connection).toHaveText(`Connected as Jane Doe on ${REANA_DOUBLE}`);
  });
});
