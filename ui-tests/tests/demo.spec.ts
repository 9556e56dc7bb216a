/**
 * The end-to-end analysis the VRE exists for, through the UI, on the Rucio
 * sandbox, the local engine and the InvenioRDM double: find a dataset, import
 * it into the demo notebook (demo/higgs4l.ipynb) as a variable, explore it
 * with a plot, run the demo's reana.yaml over it (locally and on the REANA
 * double), publish the local run's workspace (notebook, code, workflow, data,
 * figure) with the dataset as a related identifier, and get the published
 * record. Each stage is a
 * screenshot the README shows (ui-tests/screenshots/demo-*.png).
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as path from 'path';

import {
  describe,
  openPublish,
  publishedRecord,
  uploadAndPublish
} from './publish';
import {
  addDatasetToNotebook,
  findDemoDatasets,
  publishRun,
  recordTitle,
  reproductionForm,
  runDemoNotebook
} from './walkthrough';
import {
  doubleViolations,
  runLocally,
  runOnDouble,
  SCREENSHOTS,
  toast,
  uniqueName
} from './workflows';

const DEMO = path.resolve(__dirname, '..', '..', 'demo');

// A kernel, a replica rule, two workflow runs and an upload, one after another.
test.setTimeout(300 * 1000);

/**
 * Screenshot the lab for the README, without the notifications of the
 * stage: they are closed and gone (not mid-animation) before the capture.
 */
async function screenshot(
  page: IJupyterLabPageFixture,
  name: string
): Promise<void> {
  const toasts = page.locator('.Toastify__toast');
  for (const close of await toasts
    .locator('button[title="Hide notification"]')
    .all()) {
    await close.click({ timeout: 5 * 1000 }).catch(() => undefined);
  }
  await expect(toasts).toHaveCount(0);
  await page.screenshot({
    path: path.join(SCREENSHOTS, `demo-${name}.png`),
    animations: 'disabled',
    timeout: 30 * 1000
  });
}

test.describe('The end-to-end analysis', () => {
  test('finds a dataset, explores it, runs the workflow over it and publishes the results with a DOI', async ({
    page,
    request,
    tmpPath
  }) => {
    await page.setViewportSize({ width: 1400, height: 860 });
    const dir = `${tmpPath}/demo`;
    expect(await page.contents.uploadDirectory(DEMO, dir)).toBe(true);
    await page.filebrowser.open(`${dir}/higgs4l.ipynb`);
    await expect(page.activity.getTabLocator('higgs4l.ipynb')).toBeVisible();

    // 1. Find: the demo datasets in the sandbox, by wildcard and type.
    // (the sidebar at JupyterLab's default width: the README shows it so)
    const data = await findDemoDatasets(page);
    await screenshot(page, '1-find');

    // 2. Import: the dataset into the notebook as `events`.
    await addDatasetToNotebook(page, data);
    await data.getByTestId('vre-rucio-tab-notebook').click();
    await expect(
      data.locator(
        '[data-testid="vre-rucio-attachments"] [data-variable="events"]'
      )
    ).toHaveAttribute('data-state', 'injected');

    // 3. Explore: run the notebook; the mass spectrum is plotted (and the
    // notebook saved, so that the run's copy of it names the dataset).
    const plot = await runDemoNotebook(page);
    await plot.scrollIntoViewIfNeeded();
    await screenshot(page, '2-explore');

    // 4. Run: the reana.yaml on this machine, followed to its end.
    const { label, detail } = await runLocally(
      page,
      dir,
      /demo\.\d+/,
      'finished',
      120 * 1000
    );
    await detail.getByTestId('vre-reana-detail-tab-workspace').click();
    const workspace = detail.getByTestId('vre-reana-workspace');
    await workspace
      .locator('.vre-FileTable-row[data-file="results/mass.png"]')
      .getByRole('button', { name: 'Open results/mass.png' })
      .click();
    await expect(page.locator('.jp-ImageViewer img')).toBeVisible();
    await screenshot(page, '3-workflow');

    // The same reana.yaml on REANA (the strict double): accepted as REANA's
    // API defines it, its inputs uploaded, started, finished.
    const onReana = await runOnDouble(page, dir, uniqueName('higgs4l'), {
      bins: '40'
    });
    await expect(onReana).toHaveAttribute('data-status', 'finished', {
      timeout: 60 * 1000
    });
    expect(await doubleViolations(request)).toEqual([]);

    // 5. Publish: the run's workspace, with the dataset the notebook
    // imported as a related identifier, to the repository.
    await openPublish(page, 'zenodo-double', 'connected');
    const publish = await publishRun(page, label);
    await expect(publish.getByTestId('vre-publish-files')).toContainText(
      `reana-runs/${label}`
    );
    await expect(publish.getByTestId('vre-publish-sources')).toContainText(
      `reana-runs/${label}/higgs4l.ipynb`
    );
    const title = recordTitle(label);
    await describe(
      publish,
      title,
      'The four-lepton mass spectrum of the 2012B DoubleMuon open data: notebook, workflow, data and figure.'
    );
    await expect(publish.getByTestId('vre-publish-submit')).toBeEnabled();
    await screenshot(page, '4-publish');

    const doi = await uploadAndPublish(page, publish);
    // Next to the DOI badge: an "Open in VRE" badge whose link offers to
    // reproduce the record in this lab.
    const badge = page.getByRole('textbox', {
      name: 'Open in VRE, in Markdown'
    });
    await expect(badge).toHaveValue(
      /\/lab\?vre-record=zenodo-double\/[^/)\s]+\)$/
    );
    const link = (await badge.inputValue()).match(/\((http[^)\s]+)\)$/)![1];
    await page
      .getByTestId('vre-publish-result')
      .evaluate(result => result.scrollIntoView({ block: 'end' }));
    await screenshot(page, '5-published');

    // 6. The record: published, with the DOI, and every file of the run.
    const record = await publishedRecord(page, title);
    await expect(record).toContainText(doi);
    await record.getByRole('button', { name: 'Files' }).click();
    const files = record.getByTestId('vre-publish-files');
    for (const file of [
      'higgs4l.ipynb',
      'reana.yaml',
      'mass_plot.py',
      'events.csv',
      'mass.png'
    ]) {
      await expect(files).toContainText(file);
    }

    // 7. Someone follows the "Open in VRE" link of the new record, in a
    // fresh workspace: the record's files are fetched, the workflow runs
    // again with the recorded parameters, every output is compared.
    await page.evaluate(
      url => window.location.assign(url),
      link.replace('/lab?', '/lab/workspaces/fresh?')
    );
    const offer = page.locator('.jp-Dialog', {
      hasText: 'Reproduce this record?'
    });
    await expect(offer).toBeVisible({ timeout: 30 * 1000 });
    await offer.getByRole('button', { name: 'Reproduce' }).click();
    // A REANA server with a token is configured: where to re-run is asked.
    const where = page.getByRole('combobox', { name: 'Re-run the workflow on' });
    await expect(where).toContainText('REANA: REANA double');
    await expect(where).toHaveValue('local');
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Reproduce' })
      .click();
    const reproduced = toast(page, /^Reproduced: all \d+ outputs are the same\./);
    await expect(reproduced).toBeVisible({ timeout: 120 * 1000 });

    // 8. The reproduction is a record of its own: the form starts from its
    // report, naming what it reproduced and pointing at the original's DOI.
    await reproduced
      .getByRole('button', { name: 'Publish reproduction…' })
      .click();
    const again = await reproductionForm(page, title);
    await expect(
      again.getByTestId('vre-publish-related').locator('input').first()
    ).toHaveValue(doi);
  });
});
