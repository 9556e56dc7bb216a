/**
 * The Workflows section: validating a reana.yaml from the file browser's
 * context menu (its errors and warnings with their lines, each opening the
 * file in the editor there), and a run form that refuses an invalid file.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import { fileMenu, runForm, writeAnalysis } from './workflows';

/**
 * A serial workflow with one error (line 16: `commands` is not a list) and
 * one warning (line 5: a parameter no command uses).
 */
const BROKEN_YAML = `version: 0.9.0
inputs:
  parameters:
    greeting: Hello
    unused: 1
workflow:
  type: serial
  specification:
    steps:
      - name: greet
        environment: 'docker.io/library/python:3.11-slim'
        commands:
          - echo "\${greeting}"
      - name: report
        environment: 'docker.io/library/python:3.11-slim'
        commands: echo done
`;

/**
 * The path and the cursor (1-based) of the editor in the main area.
 */
async function editorPosition(
  page: IJupyterLabPageFixture
): Promise<{ path: string; line: number; column: number } | null> {
  return page.evaluate(() => {
    const widget = (window as any).jupyterapp.shell.currentWidget;
    const editor = widget?.content?.editor;
    if (!editor) {
      return null;
    }
    const position = editor.getCursorPosition();
    return {
      path: widget.context.path,
      line: position.line + 1,
      column: position.column + 1
    };
  });
}

test.describe('Workflows: validation', () => {
  test('lists the errors and warnings with their lines, and opens the file there', async ({
    page,
    tmpPath
  }) => {
    const dir = `${tmpPath}/broken`;
    await page.contents.uploadContent(BROKEN_YAML, 'text', `${dir}/reana.yaml`);

    await fileMenu(page, dir, 'reana.yaml', 'Validate workflow');

    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.locator('.jp-Dialog-header')).toHaveText(
      `Validation of ${dir}/reana.yaml`
    );
    const validation = dialog.getByTestId('vre-reana-validation');
    await expect(validation).toHaveAttribute('data-state', 'invalid');
    await expect(validation.getByRole('alert')).toHaveText(
      'Not valid: 1 error, 1 warning. Workflow engine: serial.'
    );
    const issues = validation.locator('.vre-Issue');
    await expect(issues).toHaveCount(2);
    const warning = validation.locator(
      '.vre-Issue[data-severity="warning"][data-line="5"]'
    );
    await expect(warning).toContainText('line 5, column 5');
    await expect(warning).toContainText('Parameter `unused` is not used');
    await expect(warning).toContainText('inputs.parameters.unused');
    const error = validation.locator(
      '.vre-Issue[data-severity="error"][data-line="16"]'
    );
    await expect(error).toContainText('line 16, column 19');
    await expect(error).toContainText('`commands` must be a list');
    await expect(error).toContainText(
      'workflow.specification.steps.1.commands'
    );
    // An invalid file cannot be run from here.
    await expect(dialog.getByRole('button', { name: 'Run…' })).toHaveCount(0);

    // Clicking the error opens the file in the editor, at the error.
    await error.click();
    await expect(dialog).toHaveCount(0);
    await expect(page.activity.getTabLocator('reana.yaml')).toBeVisible();
    await expect.poll(() => page.activity.isTabActive('reana.yaml')).toBe(true);
    await expect(
      page.locator('.jp-FileEditor .cm-content').first()
    ).toContainText('commands: echo done');
    await expect
      .poll(() => editorPosition(page))
      .toEqual({ path: `${dir}/reana.yaml`, line: 16, column: 19 });

    // The warning, from a second validation, puts the cursor on line 5.
    await page.activity.activateTab('Launcher');
    await fileMenu(page, dir, 'reana.yaml', 'Validate workflow');
    await page
      .locator('.jp-Dialog .vre-Issue[data-severity="warning"]')
      .click();
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);
    await expect.poll(() => page.activity.isTabActive('reana.yaml')).toBe(true);
    await expect
      .poll(() => editorPosition(page))
      .toEqual({ path: `${dir}/reana.yaml`, line: 5, column: 5 });
  });

  test('says a valid file is valid and offers to run it', async ({
    page,
    tmpPath
  }) => {
    const dir = `${tmpPath}/analysis`;
    await writeAnalysis(page, dir);

    await fileMenu(page, dir, 'reana.yaml', 'Validate workflow');

    const dialog = page.locator('.jp-Dialog');
    const validation = dialog.getByTestId('vre-reana-validation');
    await expect(validation).toHaveAttribute('data-state', 'valid');
    await expect(validation.getByRole('status')).toHaveText(
      'Valid. Workflow engine: serial.'
    );
    await expect(validation.locator('.vre-Issue')).toHaveCount(0);

    // Run… goes on to the run form, for the same file.
    await dialog.getByRole('button', { name: 'Run…' }).click();
    const form = await runForm(page);
    await expect(form.getByTestId('vre-reana-run-path')).toHaveValue(
      `${dir}/reana.yaml`
    );
    await form.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);
  });

  test('the run form shows the errors of an invalid file and will not run it', async ({
    page,
    tmpPath
  }) => {
    const dir = `${tmpPath}/broken`;
    await page.contents.uploadContent(BROKEN_YAML, 'text', `${dir}/reana.yaml`);

    await fileMenu(page, dir, 'reana.yaml', 'Run locally…');

    const form = await runForm(page);
    await expect(form.getByTestId('vre-reana-validation')).toHaveAttribute(
      'data-state',
      'invalid'
    );
    await expect(form.getByTestId('vre-reana-run-problem')).toBeVisible();
    await expect(form.locator('button.jp-mod-accept')).toBeDisabled();
    // The parameters are still read.
    await expect(form.locator('[data-parameter="greeting"] input')).toHaveValue(
      'Hello'
    );

    // Its error, too, opens the file there.
    await form.locator('.vre-Issue[data-severity="error"]').click();
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);
    await expect.poll(() => page.activity.isTabActive('reana.yaml')).toBe(true);
    await expect
      .poll(() => editorPosition(page))
      .toEqual({ path: `${dir}/reana.yaml`, line: 16, column: 19 });
  });
});
