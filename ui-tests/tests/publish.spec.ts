/**
 * The Publish section: a folder of the lab published to the InvenioRDM
 * double (Zenodo flavour) from the file browser's context menu, with the
 * form's validation seen and fixed on the way; and the token form of a
 * repository configured without a token. The RO-Crate export of a lab with
 * no repository: embedded-default.spec.ts.
 *
 * The repositories start-lab.sh configures: see publish.ts.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as path from 'path';

import {
  describe,
  fieldError,
  invenioDouble,
  openPublish,
  publishedRecord,
  publishForm,
  uploadAndPublish
} from './publish';
import { SCREENSHOTS } from './workflows';

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

test.describe('Publish', () => {
  test('publishes a folder to the repository and shows its DOI', async ({
    page,
    tmpPath
  }) => {
    await page.setViewportSize({ width: 1280, height: 860 });
    const dir = `${tmpPath}/results`;
    await writeResults(page, dir);
    await openPublish(page, 'zenodo-double', 'connected');
    await expect(page.getByTestId('vre-publish-connection')).toContainText(
      /Connected (as|to) /
    );

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
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'publish-form.png')
    });

    // Upload: the files go into a draft; nothing is published before the
    // user confirms (uploadAndPublish checks the confirmation).
    await uploadAndPublish(page, form);
    await expect(page.getByTestId('vre-publish-result')).toContainText(
      '/badge/DOI/10.5281/zenodo.'
    );

    // The DOI is also written into the folder's CITATION.cff.
    expect(await page.contents.fileExists(`${dir}/CITATION.cff`)).toBe(true);

    // My uploads lists the record as published.
    await publishedRecord(page, 'Four-lepton mass fit');
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
