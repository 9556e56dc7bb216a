/**
 * What the Galata tests of the VRE panel share (not a test file itself).
 */
import { expect, IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

export const SIDEBAR_ID = 'vre-lab-sidebar';

export type SectionId = 'data' | 'workflows' | 'publish';

/**
 * Open the VRE panel as a user does (unless it is open), give one section
 * the room (fold the others, unfold it), and return it.
 */
export async function openSection(
  page: IJupyterLabPageFixture,
  section: SectionId
): Promise<Locator> {
  const panel = page.locator(`#${SIDEBAR_ID}`);
  // Clicking the tab of the panel shown would close it.
  if (!(await panel.isVisible())) {
    await page.sidebar.getTabLocator(SIDEBAR_ID).click();
  }
  await expect(panel).toBeVisible();
  for (const id of ['data', 'workflows', 'publish']) {
    const title = panel.locator(
      `.jp-AccordionPanel-title[aria-controls="vre-lab-${id}"]`
    );
    const expanded = (await title.getAttribute('aria-expanded')) === 'true';
    if (expanded !== (id === section)) {
      await title.click();
    }
  }
  return panel.getByTestId(`vre-lab-${section}`);
}

/**
 * Open the VRE panel as a user does, give the Data section the room (fold
 * Workflows and Publish), and return it.
 */
export async function openDataSection(
  page: IJupyterLabPageFixture
): Promise<Locator> {
  return openSection(page, 'data');
}
