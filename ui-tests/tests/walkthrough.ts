/**
 * The steps of the README's end-to-end analysis (demo/higgs4l.ipynb and its
 * reana.yaml) that its two Galata walkthroughs share (not a test file
 * itself): demo.spec.ts, on the doubles start-lab.sh starts, and
 * lab-sh/walkthrough.spec.ts, in the lab scripts/lab.sh starts.
 */
import { expect, IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

import { openSection } from './panel';
import { fileMenu, toast } from './workflows';

/**
 * The demo's dataset the notebook imports as `events`.
 */
export const DATASET = 'demo:higgs4l-data-2012B-DoubleMuon';

/**
 * The title the walkthroughs give the record of the run `label`.
 */
export function recordTitle(label: string): string {
  return `Higgs to four leptons: the mass spectrum (${label})`;
}

/**
 * Find: the demo's datasets in the sandbox, by wildcard and type, in the
 * Data section (connected to the sandbox), which is returned.
 */
export async function findDemoDatasets(
  page: IJupyterLabPageFixture
): Promise<Locator> {
  const data = await openSection(page, 'data');
  await expect(data.getByTestId('vre-rucio-connection')).toContainText(
    /Connected as root on Sandbox/
  );
  await data.getByTestId('vre-rucio-query').fill('demo:higgs4l-*');
  await data.getByTestId('vre-rucio-type').selectOption('dataset');
  await data.getByTestId('vre-rucio-search-button').click();
  await expect(data.getByTestId('vre-rucio-count')).toHaveText(
    'All 3 results'
  );
  return data;
}

/**
 * Import: open the dataset among the results → Add to notebook as `events`,
 * until the notification says the variable holds it.
 */
export async function addDatasetToNotebook(
  page: IJupyterLabPageFixture,
  data: Locator
): Promise<void> {
  await data
    .locator(`[data-testid="vre-rucio-results"] [data-did="${DATASET}"]`)
    .click();
  const dataset = data.getByTestId('vre-rucio-did');
  await expect(dataset).toHaveAttribute('data-did', DATASET);
  await dataset.getByTestId('vre-rucio-add-to-notebook').click();
  const dialog = page.locator('.jp-Dialog');
  await dialog.getByTestId('vre-rucio-variable').fill('events');
  await dialog.locator('button.jp-mod-accept').click();
  await expect(toast(page, 'now holds')).toBeVisible({ timeout: 60 * 1000 });
}

/**
 * Explore: Run → Run All Cells of higgs4l.ipynb: the four-lepton mass
 * spectrum is plotted and data/events.csv written for the workflow; then
 * the notebook is saved, so that a run's copy of it names the dataset.
 * Returns the plot.
 */
export async function runDemoNotebook(
  page: IJupyterLabPageFixture
): Promise<Locator> {
  await page.activity.activateTab('higgs4l.ipynb');
  await page.menu.clickMenuItem('Run>Run All Cells');
  const plot = page.locator('.jp-OutputArea-output img').first();
  await expect(plot).toBeVisible({ timeout: 120 * 1000 });
  await expect(
    page.locator('.jp-OutputArea-output', {
      hasText: '240 events from 3 files'
    })
  ).toBeVisible();
  await expect(
    page.locator('.jp-OutputArea-output', {
      hasText: 'data/events.csv: 240 events'
    })
  ).toBeVisible({ timeout: 60 * 1000 });
  await page.notebook.save();
  return plot;
}

/**
 * Publish: right-click the run's workspace reana-runs/`label` → Publish…;
 * the form, prefilled, has the imported dataset as its first related
 * identifier. Returns the form.
 */
export async function publishRun(
  page: IJupyterLabPageFixture,
  label: string
): Promise<Locator> {
  await fileMenu(page, 'reana-runs', label, 'Publish…');
  const publish = page.getByTestId('vre-publish-form');
  await expect(publish).toHaveAttribute('data-phase', 'editing');
  await expect(
    publish.getByRole('textbox', {
      name: 'Related identifier 1',
      exact: true
    })
  ).toHaveValue(`urn:rucio:${DATASET}`);
  return publish;
}

/**
 * After "Publish reproduction…": the form, started from the reproduction's
 * report, titled after the record `title` it reproduced. Returns the form.
 */
export async function reproductionForm(
  page: IJupyterLabPageFixture,
  title: string
): Promise<Locator> {
  const form = page.locator(
    '[data-testid="vre-publish-form"][data-phase="editing"]'
  );
  await expect(form.getByLabel('Title', { exact: true })).toHaveValue(
    `Reproduction of ${title}`,
    { timeout: 30 * 1000 }
  );
  return form;
}
