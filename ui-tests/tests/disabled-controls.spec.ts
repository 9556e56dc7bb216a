/**
 * Disabled controls are disabled and look it, as JupyterLab's own do
 * (issue 19): "Make available" on a DID that is available already, the
 * publish form's "Export RO-Crate" while the form has errors.
 */
import { expect, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

import { openSection } from './panel';
import { describe, fieldError, publishForm } from './publish';

test.setTimeout(120 * 1000);

/**
 * What makes a button look enabled or not.
 */
async function look(button: Locator): Promise<Record<string, string>> {
  return button.evaluate(node => {
    const style = getComputedStyle(node);
    return {
      opacity: style.opacity,
      cursor: style.cursor,
      color: style.color,
      background: style.backgroundColor
    };
  });
}

test.describe('Disabled controls', () => {
  test('are disabled and look it', async ({ page, tmpPath }) => {
    // A DID the sandbox holds on its disk: available here already.
    const data = await openSection(page, 'data');
    await expect(data.getByTestId('vre-rucio-connection')).toContainText(
      'Connected'
    );
    await data
      .getByTestId('vre-rucio-query')
      .fill('demo:higgs4l-data-2012B-DoubleMuon');
    await data.getByTestId('vre-rucio-search-button').click();
    await data
      .locator(
        '[data-testid="vre-rucio-results"] [data-did="demo:higgs4l-data-2012B-DoubleMuon"]'
      )
      .click();
    const did = data.getByTestId('vre-rucio-did');
    await expect(did.getByTestId('vre-rucio-availability')).toHaveAttribute(
      'data-state',
      'available'
    );
    const makeAvailable = did.getByTestId('vre-rucio-make-available');
    const useInWorkflow = did.getByTestId('vre-rucio-use-in-workflow');
    await expect(makeAvailable).toBeDisabled();
    await expect(useInWorkflow).toBeEnabled();
    const disabled = await look(makeAvailable);
    const enabled = await look(useInWorkflow);
    expect(disabled.opacity).not.toBe(enabled.opacity);
    expect(disabled.cursor).toBe('not-allowed');
    // No notebook is open: "Add to notebook" is disabled too, and says why.
    const add = did.getByTestId('vre-rucio-add-to-notebook');
    await expect(add).toBeDisabled();
    await expect(add).toHaveAttribute('title', 'Open a notebook first');
    expect((await look(add)).opacity).toBe(disabled.opacity);

    // The publish form with an error: the export is disabled, and looks it
    // until the error is fixed.
    await page.contents.uploadContent(
      'mass,events\n125,42\n',
      'text',
      `${tmpPath}/results/mass.csv`
    );
    const form = await publishForm(page, tmpPath, 'results');
    await form.getByLabel('Publish to').selectOption('rocrate');
    const submit = form.getByTestId('vre-publish-submit');
    await expect(submit).toHaveText('Export RO-Crate');
    await form.getByLabel('Title', { exact: true }).fill('');
    await expect(fieldError(form, 'metadata.title')).toBeVisible();
    await expect(submit).toBeDisabled();
    const blocked = await look(submit);
    await describe(form, 'Four-lepton mass fit');
    await expect(fieldError(form, 'metadata.title')).toHaveCount(0);
    await expect(submit).toBeEnabled();
    const ready = await look(submit);
    expect(blocked.opacity).not.toBe(ready.opacity);
    expect(blocked.cursor).toBe('not-allowed');
  });
});
