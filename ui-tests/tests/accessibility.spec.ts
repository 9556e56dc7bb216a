/**
 * The VRE panel is readable by everyone, in JupyterLab Light and Dark: axe
 * (WCAG 2.1 A and AA, colour contrast included) finds no serious or critical
 * violation in each section, an open DID, a run's detail and the publish
 * form (issue 19).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import { openSection } from './panel';
import { fieldError, publishForm } from './publish';
import { FAILING_FIT_YAML, runLocally, writeAnalysis } from './workflows';

test.setTimeout(240 * 1000);

/**
 * The serious and critical violations axe finds in `selector`, one line each.
 */
async function violations(
  page: IJupyterLabPageFixture,
  selector: string
): Promise<string[]> {
  // Transitions (a toast, a folding section) settle first.
  await page.waitForTimeout(400);
  const result = await new AxeBuilder({ page })
    .include(selector)
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  // The contrast of the panel's text was checked, not skipped.
  expect(
    result.passes.find(rule => rule.id === 'color-contrast')?.nodes.length ?? 0
  ).toBeGreaterThan(5);
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .flatMap(v =>
      v.nodes.map(
        node =>
          `${v.id} (${v.impact}): ${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ')}`
      )
    );
}

for (const theme of ['light', 'dark'] as const) {
  test(`the VRE panel passes axe in JupyterLab ${theme}`, async ({
    page,
    tmpPath
  }) => {
    if (theme === 'dark') {
      await page.theme.setDarkTheme();
    }
    // JupyterLab's <body> is 0 px high (the shell is positioned absolutely)
    // and hides its overflow: axe would call most text "not on screen" and
    // skip its contrast. Give it the window's height, as it looks.
    await page.addStyleTag({ content: 'html, body { height: 100%; }' });
    const found: Record<string, string[]> = {};
    const SIDEBAR = '#vre-lab-sidebar';

    // Data: the search and its results, then a DID open.
    const data = await openSection(page, 'data');
    await expect(data.getByTestId('vre-rucio-connection')).toContainText(
      'Connected'
    );
    await data.getByTestId('vre-rucio-query').fill('demo:higgs4l-*');
    await data.getByTestId('vre-rucio-search-button').click();
    await expect(data.getByTestId('vre-rucio-count')).toHaveAttribute(
      'data-state',
      'complete'
    );
    found['Data, results'] = await violations(page, SIDEBAR);
    await data
      .locator('[data-testid="vre-rucio-results"] [data-did]')
      .first()
      .click();
    await expect(data.getByTestId('vre-rucio-metadata')).toBeVisible();
    found['Data, a DID open'] = await violations(page, SIDEBAR);

    // Workflows: a run that failed, in the list and in its detail (one
    // output written, one missing).
    const dir = `${tmpPath}/bad`;
    await writeAnalysis(page, dir, FAILING_FIT_YAML);
    const { detail } = await runLocally(
      page,
      dir,
      /bad\.\d+/,
      'failed',
      60 * 1000
    );
    // The notification stays: close it, it is JupyterLab's.
    await page
      .locator('.Toastify__toast')
      .getByTitle('Hide notification')
      .first()
      .click();
    found['Workflows'] = await violations(page, SIDEBAR);
    await expect(detail.getByTestId('vre-reana-failure')).toBeVisible();
    found["A run's detail"] = await violations(
      page,
      '.vre-WorkflowDetailWidget'
    );
    await detail.getByTestId('vre-reana-detail-tab-logs').click();
    await expect(detail.locator('.vre-StepLog')).toHaveCount(2);
    found["A run's logs"] = await violations(page, '.vre-WorkflowDetailWidget');

    // Publish: the section, and the form with errors.
    await openSection(page, 'publish');
    found['Publish'] = await violations(page, SIDEBAR);
    await page.contents.uploadContent(
      'mass,events\n125,42\n',
      'text',
      `${tmpPath}/results/mass.csv`
    );
    const form = await publishForm(page, tmpPath, 'results');
    await form.getByLabel('Title', { exact: true }).fill('');
    await expect(fieldError(form, 'metadata.title')).toBeVisible();
    found['The publish form'] = await violations(page, '.vre-PublishFormWidget');

    expect(found).toEqual(
      Object.fromEntries(Object.keys(found).map(key => [key, []]))
    );
  });
}
