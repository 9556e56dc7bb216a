/**
 * The README's end-to-end section ("The end-to-end analysis"), step by step,
 * in the lab the README's run command starts: `bash scripts/lab.sh` (through
 * lab-sh/start.sh, which only adds the port, Galata's access and a fresh
 * workspace), with what it installed and on its embedded default — the
 * checkout's sandbox, the local engine, no publishing repository (so the
 * Publish form exports an RO-Crate zip) — as the user running the tests (root
 * in CI). Nothing is uploaded into the lab: the demo is the one lab.sh put in
 * the workspace.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

import { describe } from '../tests/publish';
import {
  addDatasetToNotebook,
  findDemoDatasets,
  publishRun,
  recordTitle,
  reproductionForm,
  runDemoNotebook
} from '../tests/walkthrough';
import { fileMenu, runLocally } from '../tests/workflows';

// A kernel, a replica rule, a run, an export and a reproduction, in turn.
test.setTimeout(420 * 1000);
// The lab opens at the root of its workspace, as a user's does.
test.use({ autoGoto: false });

/**
 * Click `action` of the notification that says `text` in the notification
 * centre (the status bar's bell), where it stays once its toast closed.
 */
async function notificationCentreAction(
  page: IJupyterLabPageFixture,
  text: string | RegExp,
  action: string
): Promise<void> {
  await page.locator('.jp-Notification-Status').click();
  await page
    .locator('.jp-Notification-Center .jp-Notification-List-Item', {
      hasText: text
    })
    .first()
    .getByRole('button', { name: action })
    .click();
}

/**
 * A file browser entry at the root of the lab.
 */
function rootEntry(page: IJupyterLabPageFixture, name: string): Locator {
  return page.locator('.jp-DirListing-item', {
    has: page.locator('.jp-DirListing-itemText').getByText(name, {
      exact: true
    })
  });
}

test.describe('The README, in the lab scripts/lab.sh starts', () => {
  test('the end-to-end analysis: find, import and explore, run, publish (an RO-Crate), reproduce', async ({
    page
  }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto();

    // The lab serves a workspace with the demo in it, not the repository.
    await page.sidebar.openTab('filebrowser');
    await page.filebrowser.openHomeDirectory();
    await expect(rootEntry(page, 'demo')).toBeVisible();
    for (const name of ['node_modules', 'scripts', 'vre_lab', 'README.md']) {
      await expect(rootEntry(page, name)).toHaveCount(0);
    }
    await page.filebrowser.open('demo/higgs4l.ipynb');
    await expect(page.activity.getTabLocator('higgs4l.ipynb')).toBeVisible();

    // 1. Find — VRE panel → Data: search `demo:higgs4l-*`, type dataset.
    const data = await findDemoDatasets(page);

    // 2. Import and explore — open the dataset → Add to notebook as
    // `events`, then Run → Run All Cells: the four-lepton mass spectrum, and
    // data/events.csv for the workflow.
    await addDatasetToNotebook(page, data);
    await runDemoNotebook(page);
    // No cell failed (matplotlib is there: lab.sh installed the demo's needs).
    await expect(
      page.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]',
        { hasText: 'Error' }
      )
    ).toHaveCount(0);
    expect(await page.contents.fileExists('demo/data/events.csv')).toBe(true);

    // 3. Run — right-click reana.yaml → Run locally…; Workflows follows it;
    // its workspace reana-runs/demo.N/ holds the inputs and results/mass.png.
    const { label } = await runLocally(
      page,
      'demo',
      /demo\.\d+/,
      'finished',
      180 * 1000
    );
    for (const file of [
      'higgs4l.ipynb',
      'reana.yaml',
      'code/mass_plot.py',
      'data/events.csv',
      'results/mass.png'
    ]) {
      expect(
        await page.contents.fileExists(`reana-runs/${label}/${file}`)
      ).toBe(true);
    }

    // 4. Publish — right-click reana-runs/demo.N → Publish…: prefilled, the
    // imported dataset a related identifier (urn:rucio:…, is derived from).
    const publish = await publishRun(page, label);
    await expect(
      publish.getByRole('combobox', { name: 'Related identifier 1 relation' })
    ).toHaveValue('isderivedfrom');

    // 5. Get the record — with no repository configured, the same form
    // exports an RO-Crate zip (into ro-crates/ of the workspace).
    await expect(publish.getByLabel('Publish to')).toHaveValue('rocrate');
    const title = recordTitle(label);
    await describe(publish, title);
    const submit = publish.getByTestId('vre-publish-submit');
    await expect(submit).toHaveText('Export RO-Crate');
    await submit.click();
    const where = page.getByTestId('vre-publish-export-path');
    await expect(where).toContainText('.zip', { timeout: 60 * 1000 });
    const zip = (await where.innerText()).trim();
    expect(zip).toMatch(/^ro-crates\/[^/]+\.zip$/);
    expect(await page.contents.fileExists(zip)).toBe(true);

    // 6. Reproduce — right-click the crate → Reproduce… (no REANA server:
    // it re-runs on this machine); every output the same.
    await fileMenu(page, 'ro-crates', zip.split('/')[1], 'Reproduce…');
    const reproduced = /^Reproduced: all \d+ outputs are the same\./;
    const done = page.locator('.jp-toastContainer .Toastify__toast', {
      hasText: reproduced
    });
    await expect(done).toBeVisible({ timeout: 180 * 1000 });
    //    Open report: reproductions/NAME/reproduction.md.
    await done.getByRole('button', { name: 'Open report' }).click();
    await page.mouse.move(0, 0); // a toast under the pointer stays
    const report = page.locator('.jp-RenderedMarkdown').filter({
      hasText: 'All outputs are the same.'
    });
    await expect(report).toBeVisible({ timeout: 30 * 1000 });
    await expect(
      report.locator('tr', { hasText: 'results/mass.png' })
    ).toContainText('same');
    //    Publish reproduction… (in the notification: reading the report kept
    //    it; once its toast has closed, in the notification centre) opens the
    //    form on the reproduction's folder, filled from its report.
    await expect(done).toHaveCount(0, { timeout: 30 * 1000 });
    await notificationCentreAction(
      page,
      /Reproduced: all \d+ outputs are the same\./,
      'Publish reproduction…'
    );
    const again = await reproductionForm(page, title);
    await expect(again.getByTestId('vre-publish-files')).toContainText(
      'reproductions/'
    );
  });
});
