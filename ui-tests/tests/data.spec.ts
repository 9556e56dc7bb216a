/**
 * The Data (Rucio) section, against a real local Rucio server: the sandbox
 * that start-lab.sh starts, seeded with the demo data (scopes demo and
 * user.root, container demo:higgs-open-data of three datasets, RSEs
 * SANDBOX_DISK and SANDBOX_SCRATCH).
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as path from 'path';

import { openDataSection } from './panel';

const SCREENSHOTS = path.resolve(__dirname, '..', 'screenshots');
const DOUBLE_MUON = 'demo:higgs4l-data-2012B-DoubleMuon';
const DATASETS = [
  DOUBLE_MUON,
  'demo:higgs4l-data-2012C-DoubleElectron',
  'demo:higgs4l-mc-ggH125-ZZ4l'
];

// Kernels, downloads and uploads against a real server take a while.
test.setTimeout(120 * 1000);

/**
 * Galata (5.6) tracks kernels by intercepting /api/kernels/{id} and answers
 * any POST there as a kernel creation (201), which breaks POST
 * /api/kernels/{id}/restart. Kernels started by notebooks are still tracked,
 * and shut down, through their sessions.
 */
const testWithRestart = test.extend({
  // eslint-disable-next-line no-empty-pattern
  kernels: async ({}, use) => {
    await use(null as any);
  }
});

/**
 * Open the Data section and wait until it is connected to the sandbox.
 */
async function openData(page: IJupyterLabPageFixture): Promise<Locator> {
  const data = await openDataSection(page);
  await expect(data.getByTestId('vre-rucio-connection')).toContainText(
    /Connected as root on Sandbox \(local Rucio\) · token \d+ min left/
  );
  return data;
}

/**
 * Fill in the search form and run the search.
 */
async function search(
  data: Locator,
  query: string,
  options: { type?: string; filter?: string } = {}
): Promise<void> {
  await data.getByTestId('vre-rucio-query').fill(query);
  await data.getByTestId('vre-rucio-type').selectOption(options.type ?? 'all');
  await data.getByTestId('vre-rucio-filter').fill(options.filter ?? '');
  await data.getByTestId('vre-rucio-search-button').click();
}

/**
 * The DIDs in the result rows, in order.
 */
async function resultDIDs(data: Locator): Promise<string[]> {
  const rows = data.locator('[data-testid="vre-rucio-results"] [data-did]');
  return rows.evaluateAll(nodes =>
    nodes.map(node => (node as HTMLElement).dataset.did ?? '')
  );
}

/**
 * Search for a DID and open it from the results.
 */
async function openDID(
  data: Locator,
  did: string,
  type: string
): Promise<Locator> {
  await search(data, did, { type });
  await data
    .locator(`[data-testid="vre-rucio-results"] [data-did="${did}"]`)
    .click();
  const detail = data.getByTestId('vre-rucio-did');
  await expect(detail).toHaveAttribute('data-did', did);
  return detail;
}

/**
 * Run a cell until its text output matches (a kernel that just started may
 * not have loaded the magics, or re-bound the variables, yet).
 */
async function expectCellOutput(
  page: IJupyterLabPageFixture,
  index: number,
  expected: RegExp,
  timeout = 60 * 1000
): Promise<void> {
  await expect(async () => {
    await page.notebook.runCell(index);
    const output = (await page.notebook.getCellTextOutput(index)) ?? [];
    expect(output.join('\n')).toMatch(expected);
  }).toPass({ timeout, intervals: [1000, 2000, 3000] });
}

/**
 * The vre_lab metadata of the active notebook.
 */
async function notebookMetadata(page: IJupyterLabPageFixture): Promise<any> {
  return page.evaluate(() => {
    const widget = (window as any).jupyterapp.shell.currentWidget;
    return widget?.model?.getMetadata('vre_lab') ?? null;
  });
}

test.describe('Data panel against the Rucio sandbox', () => {
  test('finds the demo datasets by wildcard and type', async ({ page }) => {
    // The README's screenshot: a larger window, the sidebar at JupyterLab's
    // default width, where the form and the results show without scrolling.
    await page.setViewportSize({ width: 1280, height: 800 });
    const data = await openData(page);

    await search(data, 'demo:higgs4l-*', { type: 'dataset' });

    const count = data.getByTestId('vre-rucio-count');
    await expect(count).toHaveText('All 3 results');
    expect((await resultDIDs(data)).sort()).toEqual([...DATASETS].sort());

    // The form and every result in view at once, the section not scrolled,
    // and each name whole (the scope searched in goes without saying).
    await expect(data.getByTestId('vre-rucio-query')).toBeInViewport();
    await expect(data.getByTestId('vre-rucio-search-button')).toBeInViewport();
    for (const did of DATASETS) {
      const row = data.locator(
        `[data-testid="vre-rucio-results"] [data-did="${did}"]`
      );
      await expect(row).toBeInViewport();
      await expect(row).toHaveAttribute('title', did);
      await expect(row.locator('.vre-ResultRow-name')).toHaveText(
        did.replace(/^demo:/, '')
      );
      expect(
        await row
          .locator('.vre-ResultRow-name')
          .evaluate(node => node.scrollHeight <= node.clientHeight + 1)
      ).toBe(true);
    }
    expect(
      await data.evaluate(node => node.scrollHeight <= node.clientHeight + 1)
    ).toBe(true);

    await page.screenshot({
      path: path.join(SCREENSHOTS, 'data-panel.png')
    });
  });

  test('narrows the search with a metadata filter', async ({ page }) => {
    const data = await openData(page);

    await search(data, 'demo:higgs4l-*', {
      type: 'dataset',
      filter: 'run_number>190000,stream_name=DoubleMuon'
    });

    await expect(data.getByTestId('vre-rucio-count')).toHaveText('1 result');
    expect(await resultDIDs(data)).toEqual([DOUBLE_MUON]);
  });

  test('says when nothing matches, and why a filter is bad, whole', async ({
    page
  }) => {
    const data = await openData(page);
    const count = data.getByTestId('vre-rucio-count');

    await search(data, 'demo:no-such-thing-*');
    await expect(count).toContainText('No DIDs match demo:no-such-thing-*');

    await search(data, 'demo:*', { filter: 'run_number>>1' });
    await expect(count).toHaveAttribute('data-state', 'error');
    await expect(count).toHaveAttribute('role', 'alert');
    await expect(count).toContainText('is not valid');
    const text = count.locator('.vre-ResultsSummary-text');
    expect(await text.innerText()).not.toContain('\n');
    await expect(count.getByRole('button', { name: 'Retry' })).toHaveCount(0);
    // A long message wraps: it is read whole, never cut with "…".
    expect(
      await text.evaluate(
        node =>
          node.scrollWidth <= node.clientWidth &&
          node.scrollHeight <= node.clientHeight &&
          getComputedStyle(node).textOverflow !== 'ellipsis'
      )
    ).toBe(true);
    await expect(data.locator('[data-testid="vre-rucio-results"]')).toHaveCount(
      0
    );
  });

  test('opens a dataset with its files and replicas, and a container with its rule', async ({
    page
  }) => {
    const data = await openData(page);

    const dataset = await openDID(data, DOUBLE_MUON, 'dataset');
    const files = dataset.getByTestId('vre-rucio-files');
    await expect(files.locator('li')).toHaveCount(3);
    for (const index of [1, 2, 3]) {
      await expect(files).toContainText(
        `higgs4l-data-2012B-DoubleMuon.events_000${index}.csv`
      );
    }
    await expect(files.locator('.vre-Replica')).toHaveText([
      'SANDBOX_DISK',
      'SANDBOX_DISK',
      'SANDBOX_DISK'
    ]);
    await expect(dataset.getByTestId('vre-rucio-files-count')).toHaveText(
      'All 3 files'
    );
    const metadata = dataset.getByTestId('vre-rucio-metadata');
    await expect(metadata).toContainText('run_number');
    await expect(metadata).toContainText('194108');
    await expect(metadata).toContainText('DoubleMuon');
    await expect(dataset.getByTestId('vre-rucio-availability')).toBeVisible();
    // The DID's name is whole, and the results stay above it, its row marked.
    await expect(dataset.locator('.vre-DIDView-title')).toHaveText(DOUBLE_MUON);
    const results = data.getByTestId('vre-rucio-results');
    await expect(results).toBeVisible();
    await expect(results.locator('[aria-current="true"]')).toHaveAttribute(
      'data-did',
      DOUBLE_MUON
    );

    await dataset.getByTestId('vre-rucio-back').click();
    const container = await openDID(data, 'demo:higgs-open-data', 'container');
    const rules = container.getByTestId('vre-rucio-rules');
    await expect(rules).toContainText('SANDBOX_DISK');
    await expect(rules.locator('li')).toHaveAttribute('data-state', 'OK');
  });

  testWithRestart(
    'makes a dataset available, adds it to a notebook, and binds it again after a restart',
    async ({ page }) => {
      await page.notebook.createNew('attach.ipynb');
      await page.notebook.setCell(0, 'code', 'len(events)');
      const data = await openData(page);
      const dataset = await openDID(data, DOUBLE_MUON, 'dataset');

      // Make available, by download.
      await dataset.getByTestId('vre-rucio-mode').selectOption('download');
      await dataset.getByTestId('vre-rucio-make-available').click();
      await expect(
        page.locator('.Toastify__toast', {
          hasText: `${DOUBLE_MUON} is available.`
        })
      ).toBeVisible({ timeout: 60 * 1000 });
      await expect(
        dataset.getByTestId('vre-rucio-availability')
      ).toHaveAttribute('data-state', 'available');

      // Add to notebook: the name is checked as it is typed.
      await dataset.getByTestId('vre-rucio-add-to-notebook').click();
      const dialog = page.locator('.jp-Dialog');
      const name = dialog.getByTestId('vre-rucio-variable');
      const feedback = dialog.getByTestId('vre-rucio-variable-feedback');
      const add = dialog.locator('button.jp-mod-accept');
      await name.fill('2events');
      await expect(feedback).toContainText('cannot start with a digit');
      await expect(add).toBeDisabled();
      await name.fill('class');
      await expect(feedback).toContainText('Python keyword');
      await name.fill('events');
      await expect(feedback).toContainText('events is a valid name');
      await expect(add).toBeEnabled();
      await add.click();
      await expect(
        page.locator('.Toastify__toast', { hasText: 'now holds' })
      ).toBeVisible({ timeout: 30 * 1000 });

      // The variable is there, and recorded in the notebook's metadata.
      await expectCellOutput(page, 0, /^3$/);
      expect(await notebookMetadata(page)).toEqual({
        rucio: [
          {
            variable: 'events',
            did: DOUBLE_MUON,
            instance: 'sandbox',
            mode: 'download'
          }
        ]
      });
      await page.notebook.setCell(
        0,
        'code',
        'import os; all(os.path.isfile(p) for p in events), sorted(os.path.basename(p) for p in events)[0]'
      );
      await expectCellOutput(
        page,
        0,
        /\(True, 'higgs4l-data-2012B-DoubleMuon\.events_0001\.csv'\)/
      );

      // The Notebook tab lists it.
      await data.getByTestId('vre-rucio-tab-notebook').click();
      const attachment = data.locator(
        '[data-testid="vre-rucio-attachments"] [data-variable="events"]'
      );
      await expect(attachment).toHaveAttribute('data-state', 'injected');
      await expect(attachment).toContainText(DOUBLE_MUON);

      // "Restart Kernel and Run All": the restarted kernel (which forgot
      // everything else) has `events` and the magics before the first cell.
      await page.notebook.setCell(0, 'code', 'before_restart = True');
      await page.notebook.runCell(0);
      await page.notebook.setCell(
        0,
        'code',
        "'before_restart' in globals(), len(events)"
      );
      await page.notebook.addCell('code', '%rucio scopes');
      await page.evaluate(() => {
        void (window as any).jupyterapp.commands.execute(
          'notebook:restart-run-all'
        );
      });
      await page.locator('.jp-Dialog button.jp-mod-accept').click();
      await expect(page.locator('.jp-Dialog')).toHaveCount(0);
      const last = (await page.notebook.getCellCount()) - 1;
      await expect(async () => {
        const first = (await page.notebook.getCellTextOutput(0)) ?? [];
        const second = (await page.notebook.getCellTextOutput(last)) ?? [];
        expect(first.join('\n')).toMatch(/^\(False, 3\)$/);
        expect(second.join('\n')).toMatch(/demo[\s\S]*user\.root/);
      }).toPass({ timeout: 60 * 1000 });
      await expect(attachment).toHaveAttribute('data-state', 'injected');
    }
  );

  test('loads the %rucio magics into a new Python kernel', async ({ page }) => {
    await page.notebook.createNew('magics.ipynb');
    await page.notebook.setCell(0, 'code', '%rucio scopes');

    await expectCellOutput(page, 0, /demo[\s\S]*user\.root/);
  });

  test('uploads a file from the file browser context menu', async ({
    page,
    tmpPath
  }) => {
    const file = `vre-upload-${Date.now()}.csv`;
    await page.contents.uploadContent(
      'event_id,pt\n1,42.0\n',
      'text',
      `${tmpPath}/${file}`
    );
    await page.filebrowser.openDirectory(tmpPath);

    await page
      .locator('.jp-DirListing-item', { hasText: file })
      .click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Upload to Rucio…' }).click();

    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.getByTestId('vre-rucio-upload-path')).toHaveValue(
      `${tmpPath}/${file}`
    );
    await expect(dialog.getByTestId('vre-rucio-upload-rse')).toHaveValue(
      'SANDBOX_DISK'
    );
    await dialog
      .getByTestId('vre-rucio-upload-scope')
      .selectOption('user.root');
    await dialog.getByTestId('vre-rucio-upload-lifetime').fill('1');
    await dialog.locator('button.jp-mod-accept').click();

    await expect(
      page.locator('.Toastify__toast', {
        hasText: `Uploaded ${tmpPath}/${file}`
      })
    ).toBeVisible({ timeout: 60 * 1000 });

    const data = await openData(page);
    await search(data, 'user.root:vre-upload-*', { type: 'file' });
    await expect(
      data.locator(
        `[data-testid="vre-rucio-results"] [data-did="user.root:${file}"]`
      )
    ).toBeVisible();
  });
});
