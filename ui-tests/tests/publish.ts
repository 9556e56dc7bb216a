/**
 * What the Galata tests of the Publish section share (not a test file
 * itself). start-lab.sh configures `zenodo-double` (with the InvenioRDM
 * double's token), `zenodo-login` (no token) and, as always, `rocrate`. The
 * double's URL and token reach the tests only through the 0600 file
 * ui-tests/.invenio-double.
 */
import { expect, IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

import { openSection } from './panel';
import { fileMenu } from './workflows';

const DOUBLE_FILE = path.resolve(__dirname, '..', '.invenio-double');

export function invenioDouble(): { url: string; token: string } {
  return JSON.parse(fs.readFileSync(DOUBLE_FILE, 'utf-8'));
}

/**
 * Open the Publish section and choose a repository; wait for its state.
 */
export async function openPublish(
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
 * The form opened on `parent/name` from the file browser's context menu,
 * once the prefill has arrived.
 */
export async function publishForm(
  page: IJupyterLabPageFixture,
  parent: string,
  name: string
): Promise<Locator> {
  await fileMenu(page, parent, name, 'Publish…');
  const form = page.getByTestId('vre-publish-form');
  await expect(form).toHaveAttribute('data-phase', 'editing');
  return form;
}

/**
 * A field's error message in the form.
 */
export function fieldError(form: Locator, field: string): Locator {
  return form.locator(`[data-field="${field}"] .vre-Publish-fieldError`);
}

/**
 * Fill in what every record needs: title, description, type, a creator.
 */
export async function describe(
  form: Locator,
  title: string,
  description = 'The mass fit of the four-lepton channel, with its inputs.'
): Promise<void> {
  await form.getByLabel('Title', { exact: true }).fill(title);
  await form.getByLabel('Description', { exact: true }).fill(description);
  await form
    .getByLabel('Resource type', { exact: true })
    .selectOption('dataset');
  if ((await form.getByLabel('Creator 1 family name').count()) === 0) {
    await form.getByRole('button', { name: 'Add person' }).first().click();
  }
  await form.getByLabel('Creator 1 family name').fill('Lovelace');
  await form.getByLabel('Creator 1 given name').fill('Ada');
}

/**
 * Upload the form's files, confirm, and wait for the DOI; returns it.
 */
export async function uploadAndPublish(
  page: IJupyterLabPageFixture,
  form: Locator
): Promise<string> {
  await form.getByTestId('vre-publish-submit').click();
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
  return (await doi.innerText()).match(/10\.5281\/zenodo\.\d+/)![0];
}

/**
 * The row of a published record in My uploads.
 */
export async function publishedRecord(
  page: IJupyterLabPageFixture,
  title: string
): Promise<Locator> {
  const section = await openSection(page, 'publish');
  await section.getByTestId('vre-publish-tab-uploads').click();
  const row = section
    .locator('li.vre-RecordRow[data-status="published"]', { hasText: title })
    .first();
  await expect(row).toBeVisible();
  return row;
}
