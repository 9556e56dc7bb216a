/**
 * The Publish section: a folder of the lab published to the InvenioRDM
 * double (Zenodo flavour) from the file browser's context menu, with the
 * form's validation seen and fixed on the way; the RO-Crate export; and the
 * token form of a repository configured without a token.
 *
 * start-lab.sh configures `zenodo-double` (with the double's token),
 * `zenodo-login` (no token) and, as always, `rocrate`. The double's URL and
 * token reach the tests only through the 0600 file ui-tests/.invenio-double.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

import { openSection } from './panel';
import { fileMenu, SCREENSHOTS, widenSidebar } from './workflows';

const DOUBLE_FILE = path.resolve(__dirname, '..', '.invenio-double');

function invenioDouble(): { url: string; token: string } {
  return JSON.parse(fs.readFileSync(DOUBLE_FILE, 'utf-8'));
}

test.setTimeout(120 * 1000);

async function writeResults(
  page: IJupyterLabPageFixture,
  dir: string
): Promise<void> {
  await page.contents.uploadContent(
    'mass,events\n125,42\n',
    'text',
    `${dir}/tables/mass.csv`
  );
  await page.contents.uploadContent(
    'The four-lepton mass peaks at 125 GeV.\n',
    'text',
    `${dir}/summary.txt`
  );
}

async function openPublish(
  page: IJupyterLabPageFixture,
  repository: string,
  state: string
): Promise<Locator> {
  const section = await openSection(page, 'publish');
  const connection = section.getByTestId('vre-publish-connection');
  await expect(connection).not.toHaveAttribute('data-state', 'loading');
  await section.getByTestId('vre-publish-repository').selectOption(repository);
  await expect(connection).toHaveAttribute('data-state', state);
  return section;
}

/**
 * The form opened on `dir` from the file browser's context menu, once the
 * prefill has arrived.
 */
async function publishForm(
  page: IJupyterLabPageFixture,
  parent: string,
  folder: string
): Promise<Locator> {
  await fileMenu(page, parent, folder, 'Publish…');
  const form = page.getByTestId('vre-publish-form');
  await expect(form).toHaveAttribute('data-phase', 'editing');
  return form;
}

function fieldError(form: Locator, field: string): Locator {
  return form.locator(`[data-field="${field}"] .vre-Publish-fieldError`);
}

async function describe(form: Locator, title: string): Promise<void> {
  await form.getByLabel('Title', { exact: true }).fill(title);
  await form
    .getByLabel('Description', { exact: true })
    .fill('The mass fit of the four-lepton channel, with its inputs.');
  await form
    .getByLabel('Resource type', { exact: true })
    .selectOption('dataset');
  if ((await form.getByLabel('Creator 1 family name').count()) === 0) {
    await form.getByRole('button', { name: 'Add person' }).first().click();
  }
  await form.getByLabel('Creator 1 family name').fill('Lovelace');
  await form.getByLabel('Creator 1 given name').fill('Ada');
}

test.describe('Publish', () => {
  test('publishes a folder to the repository and shows its DOI', async ({
    page,
    tmpPath
  }) => {
    await page.setViewportSize({ width: 1280, height: 860 });
    const dir = `${tmpPath}/results`;
    await writeResults(page, dir);
    await openPublish(page, 'zenodo-double', 'connected');
    await expect(
      page.getByTestId('vre-publish-connection')
    ).toContainText(/Connected (as|to) /);

    const form = await publishForm(page, tmpPath, 'results');
    await expect(form.getByLabel('Publish to')).toHaveValue('zenodo-double');
    await expect(form.getByTestId('vre-publish-files')).toContainText(
      'results'
    );
    await describe(form, 'Four-lepton mass fit');

    // A mistyped ORCID (its checksum is wrong) is refused as you type, and
    // nothing can be uploaded until it is fixed.
    const submit = form.getByTestId('vre-publish-submit');
    const orcid = 'metadata.creators.0.person_or_org.identifiers.0.identifier';
    await form.getByLabel('Creator 1 ORCID').fill('0000-0002-1825-0098');
    await expect(fieldError(form, orcid)).toBeVisible();
    await expect(submit).toBeDisabled();
    await form.getByLabel('Creator 1 ORCID').fill('0000-0002-1825-0097');
    await expect(fieldError(form, orcid)).toHaveCount(0);
    await expect(form.getByTestId('vre-publish-check')).toHaveAttribute(
      'data-errors',
      '0'
    );
    await expect(submit).toBeEnabled();
    await widenSidebar(page, 80);
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'publish-form.png')
    });

    // Upload: the files go into a draft; nothing is published before the
    // user confirms.
    await submit.click();
    const confirm = page.getByTestId('vre-publish-confirm');
    await expect(confirm).toBeVisible({ timeout: 60 * 1000 });
    await expect(confirm).toContainText('Published records cannot be deleted.');
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Publish', exact: true })
      .click();

    const doi = page.getByTestId('vre-publish-doi');
    await expect(doi).toContainText(/10\.5281\/zenodo\.\d+/, {
      timeout: 30 * 1000
    });
    await expect(form).toHaveAttribute('data-phase', 'done');
    await expect(page.getByTestId('vre-publish-result')).toContainText(
      '/badge/DOI/10.5281/zenodo.'
    );

    // The DOI is also written into the folder's CITATION.cff.
    expect(await page.contents.fileExists(`${dir}/CITATION.cff`)).toBe(true);

    // My uploads lists the record as published.
    const section = await openSection(page, 'publish');
    await section.getByTestId('vre-publish-tab-uploads').click();
    await expect(
      section
        .locator('li.vre-RecordRow[data-status="published"]', {
          hasText: 'Four-lepton mass fit'
        })
        .first()
    ).toBeVisible();
  });

  test('exports an RO-Crate when no repository is the target', async ({
    page,
    tmpPath
  }) => {
    const dir = `${tmpPath}/results`;
    await writeResults(page, dir);
    await openPublish(page, 'rocrate', 'offline');

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
    expect(await page.contents.fileExists(zip)).toBe(true);
  });

  test('asks for a token, refuses a wrong one, and connects with the right one', async ({
    page
  }) => {
    const section = await openPublish(page, 'zenodo-login', 'token');
    const form = section.getByTestId('vre-publish-token-form');
    const field = form.getByLabel('Repository access token');

    await field.fill('not-the-token');
    await form.getByRole('button', { name: 'Use token' }).click();
    await expect(section.getByRole('alert')).toBeVisible();
    await expect(field).toHaveValue('');

    await field.fill(invenioDouble().token);
    await form.getByRole('button', { name: 'Use token' }).click();
    const connection = section.getByTestId('vre-publish-connection');
    await expect(connection).toHaveAttribute('data-state', 'connected');
    await expect(connection).toContainText(/Connected (as|to) /);
    await expect(page.locator('body')).not.toContainText(invenioDouble().token);

    // Forget it again, so that the next run asks too.
    await section.getByTestId('vre-publish-forget-token').click();
    await expect(connection).toHaveAttribute('data-state', 'token');
  });
});
