/**
 * What the Galata tests of the VRE panel share (not a test file itself).
 */
import { expect, IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

export const SIDEBAR_ID = 'vre-lab-sidebar';

/**
 * Open the VRE panel as a user does, give the Data section the room (fold
 * Workflows and Publish), and return it.
 */
export async function openDataSection(
  page: IJupyterLabPageFixture
): Promise<Locator> {
  await page.sidebar.getTabLocator(SIDEBAR_ID).click();
  const panel = page.locator(`#${SIDEBAR_ID}`);
  await expect(panel).toBeVisible();
  for (const id of ['workflows', 'publish']) {
    const title = panel.locator(
      `.jp-AccordionPanel-title[aria-controls="vre-lab-${id}"]`
    );
    if ((await title.getAttribute('aria-expanded')) === 'true') {
      await title.click();
    }
  }
  return panel.getByTestId('vre-lab-data');
}
