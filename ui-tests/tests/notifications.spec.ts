/**
 * Notifications as JupyterLab shows them: one per run, replaced as it goes
 * on; a success closes by itself after a few seconds, a failure stays until
 * the user closes it (issue 19).
 */
import { expect, test } from '@jupyterlab/galata';

import {
  fileMenu,
  runForm,
  startedLabel,
  toast,
  writeAnalysis
} from './workflows';

test.setTimeout(120 * 1000);

// A workflow whose only step fails.
const FAILING_YAML = `version: 0.9.0
inputs:
  files:
    - code/summarize.py
workflow:
  type: serial
  specification:
    steps:
      - name: crash
        environment: 'docker.io/library/python:3.11-slim'
        commands:
          - python3 -c "import sys; sys.exit('no events to fit')"
`;

test.describe('Notifications', () => {
  test('a success closes by itself; a failure stays; one per run', async ({
    page,
    tmpPath
  }) => {
    // A run that finishes.
    const good = `${tmpPath}/good`;
    await writeAnalysis(page, good);
    await fileMenu(page, good, 'reana.yaml', 'Run locally…');
    let form = await runForm(page);
    await form.locator('button.jp-mod-accept').click();
    const goodLabel = await startedLabel(page, /good\.\d+/, 'This machine');
    const finished = toast(
      page,
      `Workflow ${goodLabel} finished on This machine.`
    );
    await expect(finished).toBeVisible({ timeout: 60 * 1000 });
    // It replaced the one that said the run is running, which replaced the
    // one that said it was starting (the first toast of the session: it
    // never stays behind): one per run.
    await expect(
      toast(page, `${goodLabel} is running on This machine.`)
    ).toHaveCount(0);
    await expect(toast(page, /^Starting good/)).toHaveCount(0);
    // And it closes by itself (10 s: it has a button), staying in the
    // notification centre.
    await expect(finished).toHaveCount(0, { timeout: 15 * 1000 });

    // A run that fails.
    const bad = `${tmpPath}/bad`;
    await writeAnalysis(page, bad, FAILING_YAML);
    await fileMenu(page, bad, 'reana.yaml', 'Run locally…');
    form = await runForm(page);
    await form.locator('button.jp-mod-accept').click();
    const badLabel = await startedLabel(page, /bad\.\d+/, 'This machine');
    const failed = toast(page, `Workflow ${badLabel} failed on This machine.`);
    await expect(failed).toBeVisible({ timeout: 60 * 1000 });
    // No stale "is running" or "Starting" under it.
    await expect(toast(page, badLabel)).toHaveCount(1);
    await expect(toast(page, /^Starting bad/)).toHaveCount(0);
    // It stays, well past a success's timeout, until the user closes it.
    await page.waitForTimeout(12 * 1000);
    await expect(failed).toBeVisible();
    await failed.getByTitle('Hide notification').click();
    await expect(failed).toHaveCount(0);
  });
});
