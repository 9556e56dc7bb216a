/**
 * The lab on its embedded default, as `scripts/lab.sh` and Binder start it:
 * the Rucio sandbox, the local engine, and no REANA server nor publishing
 * repository, so that publishing exports RO-Crates into the lab. start-lab.sh
 * runs this second lab on port 8889, with its own root.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import * as path from 'path';

import { openSection } from './panel';
import { describe, publishForm } from './publish';
import {
  ANALYSIS_YAML,
  fileMenu,
  runForm,
  SCREENSHOTS,
  startedLabel,
  toast,
  writeAnalysis
} from './workflows';

test.use({ baseURL: 'http://localhost:8889' });
test.setTimeout(120 * 1000);

test.describe('The embedded default (no service configured)', () => {
  test('exports a folder as an RO-Crate zip into the lab, with no repository configured', async ({
    page,
    tmpPath
  }) => {
    const dir = `${tmpPath}/results`;
    await page.contents.uploadContent(
      'mass,events\n125,42\n',
      'text',
      `${dir}/tables/mass.csv`
    );

    const section = await openSection(page, 'publish');
    const connection = section.getByTestId('vre-publish-connection');
    await expect(connection).toHaveAttribute('data-state', 'offline');
    await expect(connection).toContainText(
      'No repository: the form exports an RO-Crate zip into your files'
    );
    // Only the tabs that need no repository.
    await expect(section.getByTestId('vre-publish-tab-uploads')).toHaveCount(0);
    await expect(section.getByTestId('vre-publish-new')).toHaveText('Export…');

    const form = await publishForm(page, tmpPath, 'results');
    await expect(form.getByLabel('Publish to')).toHaveValue('rocrate');
    await describe(form, 'Four-lepton mass fit (crate)');
    const submit = form.getByTestId('vre-publish-submit');
    await expect(submit).toHaveText('Export RO-Crate');
    await expect(submit).toBeEnabled();
    await submit.click();

    const where = page.getByTestId('vre-publish-export-path');
    await expect(where).toContainText('.zip', { timeout: 30 * 1000 });
    const zip = (await where.innerText()).trim();
    // Named after the title, in the export folder of the lab's root.
    expect(zip).toMatch(/(^|\/)four-lepton-mass-fit-crate(-\d+)?\.zip$/);
    expect(await page.contents.fileExists(zip)).toBe(true);
  });

  test('reproduces a run from its exported RO-Crate: every output is the same', async ({
    page,
    tmpPath
  }) => {
    const zip = await runAndExport(page, `${tmpPath}/analysis`);
    // Someone else's turn: Reproduce… on the zip re-runs it and compares.
    await fileMenu(
      page,
      path.posix.dirname(zip),
      path.posix.basename(zip),
      'Reproduce…'
    );
    const done = toast(page, /^Reproduced: all \d+ outputs are the same\./);
    await expect(done).toBeVisible({ timeout: 90 * 1000 });
    await done.getByRole('button', { name: 'Open report' }).click();
    const report = page.locator('.jp-RenderedMarkdown').filter({
      hasText: 'All outputs are the same.'
    });
    await expect(report).toBeVisible();
    const row = report.locator('tr', { hasText: 'results/summary.txt' });
    await expect(row).toContainText('same');
    // Reading the report kept the notification (Publish reproduction… may
    // follow); closed for the screenshot.
    await expect(done).toBeVisible();
    await done.getByTitle('Hide notification').click();
    await expect(done).toHaveCount(0);
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'demo-6-reproduced.png')
    });
  });

  test('a reproduction whose output came out different shows what differs', async ({
    page,
    tmpPath
  }) => {
    // The summary ends with the time of the run: no re-run can match it.
    const stamped = ANALYSIS_YAML.replace(
      '          - python3 code/summarize.py --greeting',
      '          - date +%s%N > results/when.txt\n          - python3 code/summarize.py --greeting'
    ).replace(
      '    - results/summary.txt',
      '    - results/summary.txt\n    - results/when.txt'
    );
    const zip = await runAndExport(page, `${tmpPath}/stamped`, stamped);
    await fileMenu(
      page,
      path.posix.dirname(zip),
      path.posix.basename(zip),
      'Reproduce…'
    );
    const done = toast(page, 'Not reproduced: 2 same, 1 differ.');
    await expect(done).toBeVisible({ timeout: 90 * 1000 });
    await done.getByRole('button', { name: 'Open report' }).click();
    const report = page.locator('.jp-RenderedMarkdown').filter({
      hasText: '2 same, 1 differs'
    });
    await expect(report).toBeVisible();
    await expect(
      report.locator('tr', { hasText: 'results/when.txt' })
    ).toContainText('differs');
    // the line that changed, recorded and reproduced
    await expect(report.locator('pre')).toContainText('+++ reproduced');
  });

  test('runs workflows on this machine when no REANA server is configured', async ({
    page
  }) => {
    const section = await openSection(page, 'workflows');
    const connection = section.getByTestId('vre-reana-connection');
    await expect(connection).toHaveAttribute('data-state', 'local');
    await expect(connection).toContainText(
      'Workflows run on this machine (local engine).'
    );
    // One server only: no server picker.
    await expect(section.getByTestId('vre-reana-server')).toHaveCount(0);
  });
});

/**
 * Run the analysis in `dir` on this machine and export its run as an
 * RO-Crate zip; the zip's path.
 */
async function runAndExport(
  page: IJupyterLabPageFixture,
  dir: string,
  yaml?: string
): Promise<string> {
  await writeAnalysis(page, dir, yaml);
  await fileMenu(page, dir, 'reana.yaml', 'Run locally…');
  const dialog = await runForm(page);
  await dialog.locator('button.jp-mod-accept').click();
  const label = await startedLabel(
    page,
    /(analysis|stamped)\.\d+/,
    'This machine'
  );
  await expect(
    toast(page, `Workflow ${label} finished on This machine.`)
  ).toBeVisible({ timeout: 60 * 1000 });
  const form = await publishForm(page, 'reana-runs', label);
  await describe(form, `Run ${label} to reproduce`);
  await form.getByTestId('vre-publish-submit').click();
  const where = page.getByTestId('vre-publish-export-path');
  await expect(where).toContainText('.zip', { timeout: 30 * 1000 });
  return (await where.innerText()).trim();
}
