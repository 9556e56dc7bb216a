/**
 * The Workflows section with the local engine: a reana.yaml of the lab run
 * on this machine from the file browser's context menu, followed to its
 * end, its logs read and its outputs opened in the lab.
 */
import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

import {
  expectedSummary,
  FAILING_FIT_YAML,
  fileMenu,
  openWorkflows,
  parameterField,
  runForm,
  runLocally,
  SCREENSHOTS,
  startedLabel,
  toast,
  workflowDetail,
  workflowRow,
  writeAnalysis
} from './workflows';

// The run itself takes a few seconds; the list refreshes every 2 s.
test.setTimeout(120 * 1000);

test.describe('Workflows: the local engine', () => {
  test('runs a reana.yaml locally, follows it, and opens its outputs', async ({
    page,
    tmpPath
  }) => {
    // Room for the README's screenshot.
    await page.setViewportSize({ width: 1280, height: 800 });
    const dir = `${tmpPath}/analysis`;
    await writeAnalysis(page, dir);

    // Right-click the reana.yaml: Run locally…
    await fileMenu(page, dir, 'reana.yaml', 'Run locally…');
    const dialog = await runForm(page);
    await expect(dialog.getByTestId('vre-reana-run-path')).toHaveValue(
      `${dir}/reana.yaml`
    );
    // The name defaults to the reana.yaml's folder.
    await expect(dialog.getByTestId('vre-reana-run-name')).toHaveValue(
      'analysis'
    );
    await expect(dialog.getByTestId('vre-reana-run-server')).toHaveValue(
      'local'
    );
    await expect(dialog.getByTestId('vre-reana-validation')).toHaveAttribute(
      'data-state',
      'valid'
    );
    // The parameters of inputs.parameters, prefilled; numbers say so.
    await expect(parameterField(dialog, 'greeting')).toHaveValue('Hello');
    await expect(parameterField(dialog, 'scale')).toHaveValue('2');
    await expect(dialog.locator('[data-parameter="scale"]')).toContainText(
      'scale (number)'
    );

    // A number parameter must be a number.
    const run = dialog.locator('button.jp-mod-accept');
    await parameterField(dialog, 'scale').fill('three');
    await expect(dialog.getByTestId('vre-reana-run-problem')).toBeVisible();
    await expect(run).toBeDisabled();
    await parameterField(dialog, 'scale').fill('3');
    await expect(dialog.getByTestId('vre-reana-run-problem')).toHaveCount(0);
    await parameterField(dialog, 'greeting').fill('Bonjour');
    await expect(run).toBeEnabled();
    await run.click();
    await expect(dialog).toHaveCount(0);

    // The run is a job with a notification; then the workflow runs, under
    // the folder's name (its run number counts the runs of that name).
    const label = await startedLabel(page, /analysis\.\d+/, 'This machine');

    // The section shows the local engine and the new workflow, until it
    // finished (and says so).
    const section = await openWorkflows(page);
    await expect(section.getByTestId('vre-reana-connection')).toHaveAttribute(
      'data-state',
      'local'
    );
    await expect(section.getByTestId('vre-reana-connection')).toContainText(
      'Workflows run on this machine (local engine).'
    );
    const row = workflowRow(section, label);
    await expect(row).toBeVisible();
    await expect(row).toHaveAttribute('data-status', 'finished', {
      timeout: 60 * 1000
    });
    await expect(row.locator('[role=progressbar]')).toHaveAttribute(
      'aria-valuenow',
      '3'
    );
    await expect(row.locator('.vre-Progress-text')).toHaveText('3/3');
    await expect(
      toast(page, `Workflow ${label} finished on This machine.`)
    ).toBeVisible();

    // Its detail: the run opened it, the row shows it again.
    await row.click();
    const detail = workflowDetail(page, 'local');
    await expect(detail).toBeVisible();
    await expect(detail).toHaveAttribute('data-status', 'finished');
    await expect(page.locator('.vre-WorkflowDetailWidget')).toHaveAttribute(
      'data-status',
      'finished'
    );
    await expect(detail.locator('.vre-WorkflowDetail-name')).toHaveText(label);
    const parameters = detail.getByTestId('vre-reana-parameters');
    await expect(
      parameters.locator('tr', { hasText: 'greeting' })
    ).toContainText('Bonjour');
    await expect(parameters.locator('tr', { hasText: 'scale' })).toContainText(
      '3'
    );
    await expect(detail.getByTestId('vre-reana-overview')).toContainText(
      `reana-runs/${label}`
    );

    // Logs: one log per job (a command of a step), as REANA's; the
    // summarize step printed its line, the last job's log is open.
    await detail.getByTestId('vre-reana-detail-tab-logs').click();
    const logs = detail.getByTestId('vre-reana-logs');
    await expect(logs).toHaveAttribute('data-live', 'false');
    const summarize = logs.locator('.vre-StepLog[data-step="summarize"]');
    const plot = logs.locator('.vre-StepLog[data-step="plot"]');
    await expect(summarize).toHaveCount(2);
    await expect(plot).toHaveCount(1);
    for (const step of await logs.locator('.vre-StepLog').all()) {
      await expect(step).toHaveAttribute('data-status', 'finished');
    }
    await expect(plot.locator('pre')).toBeVisible();
    await expect(plot.locator('pre')).toContainText(
      'plot: wrote results/plot.png (177 bytes)'
    );
    const summary = summarize.last();
    await expect(summary.locator('pre')).toBeHidden();
    await summary.locator('summary').click();
    await expect(summary.locator('pre')).toBeVisible();
    await expect(summary.locator('pre')).toContainText(
      expectedSummary('Bonjour', 3)
    );
    await expect(logs.getByTestId('vre-reana-engine-log')).not.toHaveText('');

    // The README's screenshot: the run in the section, its logs, and the
    // notification that it finished, which replaced the one that said it is
    // running (one notification per run).
    await expect(
      toast(page, `${label} is running on This machine.`)
    ).toHaveCount(0);
    // The list, narrowed to this analysis' runs by name (the lab the tests
    // share has others).
    await section.getByTestId('vre-reana-search').fill('analysis');
    await expect(
      section.locator('.vre-WorkflowRow:not([data-name^="analysis."])')
    ).toHaveCount(0);
    await expect(workflowRow(section, label)).toBeVisible();
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'workflows-panel.png')
    });

    // Workspace: the inputs and the outputs, opened in the lab.
    await detail.getByTestId('vre-reana-detail-tab-workspace').click();
    const workspace = detail.getByTestId('vre-reana-workspace');
    for (const file of [
      'results/summary.txt',
      'results/plot.png',
      'data/numbers.txt'
    ]) {
      await expect(
        workspace.locator(`.vre-FileTable-row[data-file="${file}"]`)
      ).toBeVisible();
    }
    await workspace
      .locator('.vre-FileTable-row[data-file="results/summary.txt"]')
      .getByRole('button', { name: 'Open results/summary.txt' })
      .click();
    await expect(page.activity.getTabLocator('summary.txt')).toBeVisible();
    await expect
      .poll(() => page.activity.isTabActive('summary.txt'))
      .toBe(true);
    await expect(
      page.locator('.jp-FileEditor .cm-content').first()
    ).toContainText(expectedSummary('Bonjour', 3));

    await page.activity.activateTab(label);
    await workspace
      .locator('.vre-FileTable-row[data-file="results/plot.png"]')
      .getByRole('button', { name: 'Open results/plot.png' })
      .click();
    await expect(page.activity.getTabLocator('plot.png')).toBeVisible();
    await expect(page.locator('.jp-ImageViewer img')).toBeVisible();

    // The files are in the lab, in the run's workspace.
    expect(
      await page.contents.fileExists(`reana-runs/${label}/results/summary.txt`)
    ).toBe(true);
    expect(
      await page.contents.fileExists(`reana-runs/${label}/results/plot.png`)
    ).toBe(true);

    // Publish outputs…: the publish form opens on the declared outputs.
    await page.activity.activateTab(label);
    await detail.getByTestId('vre-reana-publish-outputs').click();
    const form = page.getByTestId('vre-publish-form');
    await expect(form).toHaveAttribute('data-phase', 'editing');
    const files = form.getByTestId('vre-publish-files');
    for (const file of ['results/summary.txt', 'results/plot.png']) {
      await expect(files).toContainText(`reana-runs/${label}/${file}`);
    }
  });

  test('a failed run says why in its overview, and offers nothing to open that it did not write', async ({
    page,
    tmpPath
  }) => {
    const dir = `${tmpPath}/fit`;
    await writeAnalysis(page, dir, FAILING_FIT_YAML);
    const { detail } = await runLocally(
      page,
      dir,
      /fit\.\d+/,
      'failed',
      60 * 1000
    );

    // Why: in the overview, not only in the logs.
    const failure = detail.getByTestId('vre-reana-failure');
    await expect(failure).toContainText(
      "Step 'fit' failed: command 2 of 2 exited with status 1"
    );
    await expect(failure.locator('pre')).toHaveText('no events to fit');

    // What it wrote opens; what it did not is said, with nothing to open.
    const outputs = detail.getByTestId('vre-reana-outputs');
    const written = outputs.locator('[data-file="results/prepared.txt"]');
    const missing = outputs.locator('[data-file="results/fit.txt"]');
    await expect(written.getByRole('button', { name: /Open/ })).toBeVisible();
    await expect(missing).toHaveAttribute('data-missing', 'true');
    await expect(missing).toContainText('not written');
    await expect(missing.getByRole('button')).toHaveCount(0);

    // The logs: the step's commands numbered, the failed one open.
    await failure.getByTestId('vre-reana-failure-logs').click();
    const logs = detail.getByTestId('vre-reana-logs');
    await expect(logs.locator('.vre-StepLog-name')).toHaveText([
      'fit · command 1 of 2',
      'fit · command 2 of 2'
    ]);
    await expect(logs.locator('.vre-StepLog').last()).toHaveAttribute(
      'open',
      ''
    );
  });
});

