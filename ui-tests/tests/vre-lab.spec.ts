import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator, Route } from '@playwright/test';
import * as path from 'path';

const SIDEBAR_ID = 'vre-lab-sidebar';
const SCREENSHOTS = path.resolve(__dirname, '..', 'screenshots');

/**
 * Click the VRE tab in the left sidebar, as a user does, and return the panel.
 */
async function openVREPanel(page: IJupyterLabPageFixture): Promise<Locator> {
  await page.sidebar.getTabLocator(SIDEBAR_ID).click();
  const panel = page.locator(`#${SIDEBAR_ID}`);
  await expect(panel).toBeVisible();
  return panel;
}

/**
 * Expect the three service sections, titled, in the panel, with `open`
 * the only one open (the one that has the room).
 */
async function expectSections(
  panel: Locator,
  open: string = 'data'
): Promise<void> {
  const sections = [
    ['data', 'Data', 'Rucio'],
    ['workflows', 'Workflows', 'REANA'],
    ['publish', 'Publish', 'Zenodo']
  ];
  for (const [id, title, backend] of sections) {
    const heading = panel.locator(
      `.jp-AccordionPanel-title[aria-controls="vre-lab-${id}"]`
    );
    await expect(heading).toBeVisible();
    await expect(heading).toContainText(title);
    // What it does and where it connects: in the title's tooltip.
    await expect(
      heading.locator('.lm-AccordionPanel-titleLabel')
    ).toHaveAttribute('title', new RegExp(backend));
    await expect(heading).toHaveAttribute(
      'aria-expanded',
      id === open ? 'true' : 'false'
    );
    const section = panel.getByTestId(`vre-lab-${id}`);
    if (id === open) {
      await expect(section).toBeVisible();
    } else {
      await expect(section).toBeHidden();
    }
  }
}

/**
 * `text` as a regular expression matching it literally.
 */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Answer `GET vre-lab/api/status` in the browser instead of the server.
 */
async function fakeStatus(
  page: IJupyterLabPageFixture,
  answer: (route: Route) => Promise<void>
): Promise<void> {
  await page.route(
    url => new URL(url).pathname.endsWith('/vre-lab/api/status'),
    answer
  );
}

const STATUS = {
  name: 'vre_lab',
  version: '0.1.0',
  api_version: 1,
  services: {
    data: { configured: false, summary: 'No Rucio instance configured' },
    workflows: { configured: false, summary: 'No REANA server configured' },
    publish: { configured: false, summary: 'No repository configured' }
  }
};

test.describe('VRE side panel', () => {
  test('shows Data, Workflows and Publish and the server handshake', async ({
    page,
    baseURL
  }) => {
    const response = await page.request.get(`${baseURL}/vre-lab/api/status`);
    expect(response.ok()).toBe(true);
    const server = await response.json();

    const panel = await openVREPanel(page);

    // One section open at a time, Data first: it has the panel's height.
    await expectSections(panel, 'data');
    // A server that answers well needs no box: the handshake is quiet.
    const handshake = panel.getByTestId('vre-lab-handshake');
    await expect(handshake).toHaveAttribute('data-state', 'ok');
    await expect(handshake).toBeHidden();
    // Each service says where it connects in its title's tooltip.
    for (const id of ['data', 'workflows', 'publish']) {
      await expect(
        panel.locator(
          `.jp-AccordionPanel-title[aria-controls="vre-lab-${id}"] .lm-AccordionPanel-titleLabel`
        )
      ).toHaveAttribute('title', new RegExp(escapeRegExp(server.services[id].summary)));
    }
    // The Data search form is in view at once.
    await expect(panel.getByTestId('vre-rucio-search-button')).toBeInViewport();

    // Opening another section folds the open one.
    await panel
      .locator('.jp-AccordionPanel-title[aria-controls="vre-lab-workflows"]')
      .click();
    await expectSections(panel, 'workflows');
    await panel
      .locator('.jp-AccordionPanel-title[aria-controls="vre-lab-data"]')
      .click();
    await expectSections(panel, 'data');

    await page.screenshot({ path: path.join(SCREENSHOTS, 'vre-sidebar.png') });
  });

  test('works in the dark theme', async ({ page }) => {
    await page.theme.setDarkTheme();
    const panel = await openVREPanel(page);

    await expectSections(panel);
    await expect(panel.getByTestId('vre-lab-handshake')).toHaveAttribute(
      'data-state',
      'ok'
    );
    await expect(panel.getByTestId('vre-rucio-connection')).toContainText(
      'Connected'
    );
    await expect(page.locator('body')).toHaveAttribute(
      'data-jp-theme-light',
      'false'
    );

    await page.screenshot({
      path: path.join(SCREENSHOTS, 'vre-sidebar-dark.png')
    });
  });

  test('is opened from the command palette', async ({ page }) => {
    const panel = page.locator(`#${SIDEBAR_ID}`);
    await expect(panel).toBeHidden();

    await page.keyboard.press('Control+Shift+C');
    const palette = page.locator('#modal-command-palette');
    await expect(palette).toBeVisible();
    await palette.locator('input').fill('Open VRE panel');
    await palette
      .locator('.lm-CommandPalette-item', { hasText: 'Open VRE panel' })
      .click();

    await expect(panel).toBeVisible();
    await expectSections(panel);
  });

  test('is opened with its keyboard shortcut', async ({ page }) => {
    const panel = page.locator(`#${SIDEBAR_ID}`);
    await expect(panel).toBeHidden();

    await page.keyboard.press('Alt+Shift+V');

    await expect(panel).toBeVisible();
  });
});

test.describe('VRE side panel with a broken server side', () => {
  // Answer the status call before the lab loads and makes it.
  test.use({ autoGoto: false });

  test('says so when the server version does not match', async ({ page }) => {
    await fakeStatus(page, route =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ ...STATUS, version: '99.0.0' })
      })
    );
    await page.goto();

    const panel = await openVREPanel(page);

    const handshake = panel.getByTestId('vre-lab-handshake');
    await expect(handshake).toHaveAttribute('data-state', 'mismatch');
    await expect(handshake).toContainText('Version mismatch');
    await expect(handshake).toContainText('99.0.0');
    await expect(page.locator('.Toastify__toast')).toContainText('99.0.0');
    // The panel is still whole.
    await expectSections(panel);
  });

  test('says so when the server extension is missing', async ({ page }) => {
    await fakeStatus(page, route =>
      route.fulfill({
        status: 404,
        contentType: 'text/html',
        body: '<html><body><h1>404 : Not Found</h1></body></html>'
      })
    );
    await page.goto();

    const panel = await openVREPanel(page);

    const handshake = panel.getByTestId('vre-lab-handshake');
    await expect(handshake).toHaveAttribute('data-state', 'missing');
    await expect(handshake).toContainText('not installed or not enabled');
    await expect(page.locator('.Toastify__toast')).toContainText(
      'not installed or not enabled'
    );
    await expect(panel.getByTestId('vre-lab-data')).toContainText(
      'Unavailable'
    );
  });

  test('recovers when "Check again" is clicked', async ({ page }) => {
    let installed = false;
    await fakeStatus(page, route =>
      installed
        ? route.fulfill({
            status: 200,
            contentType: 'application/json',
            body: JSON.stringify(STATUS)
          })
        : route.fulfill({ status: 404, body: 'Not Found' })
    );
    await page.goto();
    const panel = await openVREPanel(page);
    const handshake = panel.getByTestId('vre-lab-handshake');
    await expect(handshake).toHaveAttribute('data-state', 'missing');

    installed = true;
    await handshake.getByTestId('vre-lab-handshake-retry').click();

    await expect(handshake).toHaveAttribute('data-state', 'ok');
    // The box goes with the problem, and so does its notification.
    await expect(handshake).toBeHidden();
    await expect(page.locator('.Toastify__toast')).toHaveCount(0);
    await expect(panel.getByTestId('vre-lab-data')).toContainText(
      'No Rucio instance configured'
    );
  });
});

test.describe('Deep links ("Open in VRE")', () => {
  test('a DID link fills the Data search; a record link only offers to reproduce it', async ({
    page,
    baseURL
  }) => {
    // Followed as a browser follows a link (a new page load of the lab).
    const follow = (query: string) =>
      page.evaluate(url => window.location.assign(url), `${baseURL}/lab?${query}`);
    await follow('vre-did=demo:higgs4l-data-2012B-DoubleMuon');
    await expect(page.getByTestId('vre-rucio-query')).toHaveValue(
      'demo:higgs4l-data-2012B-DoubleMuon',
      { timeout: 30 * 1000 }
    );

    await follow('vre-record=zenodo-double/12345');
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText('Reproduce this record?', {
      timeout: 30 * 1000
    });
    await expect(dialog).toContainText('record 12345 of zenodo-double');
    // The link itself started nothing: the user decides.
    const jobs = await page.request.get(
      `${baseURL}/vre-lab/api/jobs?kind=reproduction`
    );
    const ofThisRecord = (await jobs.json()).jobs.filter(
      (job: { params: { record?: { id: string } } }) =>
        job.params.record?.id === '12345'
    );
    expect(ofThisRecord).toEqual([]);
    await dialog.getByRole('button', { name: 'Not now' }).click();
    await expect(dialog).toHaveCount(0);
  });
});
