/**
 * What the Galata tests of the Workflows section share (not a test file
 * itself): a small serial analysis written into the lab, the file browser's
 * context menu, the run form, and the REANA double that start-lab.sh starts.
 *
 * start-lab.sh configures three workflow servers: `local` (the local engine,
 * always there), `double` (the REANA double, with its token) and
 * `double-login` (the same double, no token: the panel asks for one). The
 * double's URL and token reach the tests only through the 0600 file
 * ui-tests/.reana-double.
 */
import { expect, IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { APIRequestContext, Locator } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

import { openSection } from './panel';

export const SCREENSHOTS = path.resolve(__dirname, '..', 'screenshots');
const DOUBLE_FILE = path.resolve(__dirname, '..', '.reana-double');
// The display name start-lab.sh gives the double's server `double`.
export const REANA_DOUBLE = 'REANA double';

/**
 * The REANA double's URL and its one token.
 */
export function reanaDouble(): { url: string; token: string } {
  return JSON.parse(fs.readFileSync(DOUBLE_FILE, 'utf-8'));
}

/**
 * Set how long each simulated job of the double takes (its control route).
 */
export async function setDoubleTiming(
  request: APIRequestContext,
  stepSeconds: number
): Promise<void> {
  const response = await request.put(`${reanaDouble().url}/_double/config`, {
    data: { step_seconds: stepSeconds }
  });
  expect(response.ok()).toBe(true);
}

/**
 * The requests of the lab that broke REANA's API spec, as the double saw
 * them (with the faults it injected, which are no violations).
 */
export async function doubleViolations(
  request: APIRequestContext
): Promise<string[]> {
  const response = await request.get(`${reanaDouble().url}/_double/violations`);
  expect(response.ok()).toBe(true);
  return (await response.json()).violations;
}

/**
 * A unique workflow name (letters, digits, `-`), so that runs of the suite
 * against the same lab, and tests in parallel, never share a workflow.
 */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/**
 * A tiny 8×8 PNG, as the analysis writes it.
 */
const PLOT_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAeElEQVR42g3JwQAAUQhAwUUJJYQQQgghhBBCCKHjwwhl/1zn+xRRVHEllVZWOeX7DDHUcCONNtY4e+GIo4476bSzzvmLQAINPMiggw0uXiSSaOJJJp1scvmikEILL7LoYourF4002niTTTfbXL8YZNDBhxx62OGGH5IRbAH6qQx3AAAAAElFTkSuQmCC';

/**
 * The analysis: sums the numbers of data/numbers.txt times `scale` and
 * greets (results/summary.txt), and writes a plot (results/plot.png).
 */
export const ANALYSIS_YAML = `version: 0.9.0
inputs:
  files:
    - code/summarize.py
    - data/numbers.txt
  parameters:
    greeting: Hello
    scale: 2
outputs:
  files:
    - results/summary.txt
    - results/plot.png
workflow:
  type: serial
  specification:
    steps:
      - name: summarize
        environment: 'docker.io/library/python:3.11-slim'
        commands:
          - mkdir -p results
          - python3 code/summarize.py --greeting "\${greeting}" --scale \${scale} --data data/numbers.txt --out results/summary.txt
      - name: plot
        environment: 'docker.io/library/python:3.11-slim'
        commands:
          - python3 code/summarize.py --plot results/plot.png
`;

/**
 * A workflow whose step writes one output (results/prepared.txt) and fails
 * before the other (results/fit.txt): "no events to fit".
 */
export const FAILING_FIT_YAML = `version: 0.9.0
inputs:
  files:
    - code/summarize.py
outputs:
  files:
    - results/prepared.txt
    - results/fit.txt
workflow:
  type: serial
  specification:
    steps:
      - name: fit
        environment: 'docker.io/library/python:3.11-slim'
        commands:
          - mkdir -p results && echo prepared > results/prepared.txt
          - python3 -c "import sys; sys.exit('no events to fit')"
`;

const SUMMARIZE_PY = `import argparse
import base64
import pathlib

parser = argparse.ArgumentParser()
parser.add_argument("--greeting", default="Hello")
parser.add_argument("--scale", type=float, default=1)
parser.add_argument("--data")
parser.add_argument("--out")
parser.add_argument("--plot")
args = parser.parse_args()

if args.plot:
    png = base64.b64decode("${PLOT_PNG_BASE64}")
    pathlib.Path(args.plot).write_bytes(png)
    print(f"plot: wrote {args.plot} ({len(png)} bytes)")
else:
    numbers = [float(word) for word in pathlib.Path(args.data).read_text().split()]
    total = sum(numbers) * args.scale
    line = f"{args.greeting}, the scaled sum of {len(numbers)} numbers is {total:g}."
    pathlib.Path(args.out).write_text(line + "\\n")
    print(line)
`;

/**
 * What results/summary.txt of a local run says.
 */
export function expectedSummary(greeting: string, scale: number): string {
  return `${greeting}, the scaled sum of 4 numbers is ${10 * scale}.`;
}

/**
 * Write the analysis (reana.yaml, code, data) into `dir` of the lab.
 */
export async function writeAnalysis(
  page: IJupyterLabPageFixture,
  dir: string,
  yaml: string = ANALYSIS_YAML
): Promise<void> {
  await page.contents.uploadContent(yaml, 'text', `${dir}/reana.yaml`);
  await page.contents.uploadContent(
    SUMMARIZE_PY,
    'text',
    `${dir}/code/summarize.py`
  );
  await page.contents.uploadContent(
    '1 2\n3 4\n',
    'text',
    `${dir}/data/numbers.txt`
  );
}

/**
 * Open the Workflows section of the VRE panel, as a user does.
 */
export async function openWorkflows(
  page: IJupyterLabPageFixture
): Promise<Locator> {
  const section = await openSection(page, 'workflows');
  await expect(section.getByTestId('vre-reana-connection')).toBeVisible();
  return section;
}

/**
 * Choose a server in the section, and wait until it is what `state` says
 * (`local`, `connected`, `token`).
 */
export async function chooseServer(
  section: Locator,
  name: string,
  state: string
): Promise<Locator> {
  const connection = section.getByTestId('vre-reana-connection');
  // The servers are there once the connection line left `loading`.
  await expect(connection).not.toHaveAttribute('data-state', 'loading');
  await section.getByTestId('vre-reana-server').selectOption(name);
  await expect(connection).toHaveAttribute('data-state', state);
  return connection;
}

/**
 * Right-click an entry of a folder in the file browser (matched by its whole
 * name) and choose a context menu item.
 */
export async function fileMenu(
  page: IJupyterLabPageFixture,
  dir: string,
  name: string,
  item: string
): Promise<void> {
  await page.sidebar.openTab('filebrowser');
  await page.filebrowser.openDirectory(dir);
  await page
    .locator('.jp-DirListing-item', {
      has: page.locator('.jp-DirListing-itemText').getByText(name, {
        exact: true
      })
    })
    .click({ button: 'right' });
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

/**
 * The run form's dialog, once it has read the reana.yaml.
 */
export async function runForm(page: IJupyterLabPageFixture): Promise<Locator> {
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.getByTestId('vre-reana-run-form')).toBeVisible();
  await expect(dialog.getByTestId('vre-reana-validation')).toBeVisible();
  return dialog;
}

/**
 * A parameter's field in the run form.
 */
export function parameterField(form: Locator, name: string): Locator {
  return form.locator(`[data-parameter="${name}"] input`);
}

/**
 * A workflow's row in the section's list.
 */
export function workflowRow(section: Locator, label: string): Locator {
  return section.locator(`.vre-WorkflowRow[data-name="${label}"]`);
}

/**
 * The detail of a workflow in the main area.
 */
export function workflowDetail(
  page: IJupyterLabPageFixture,
  server: string
): Locator {
  return page.locator(
    `.vre-WorkflowDetailWidget [data-testid="vre-reana-workflow"][data-server="${server}"]`
  );
}

/**
 * A notification (toast) with this text.
 */
export function toast(
  page: IJupyterLabPageFixture,
  text: string | RegExp
): Locator {
  return page.locator('.Toastify__toast', { hasText: text });
}

/**
 * The notification of a run on `server` (its label matching `label`, e.g.
 * /analysis\.\d+/): one per run, which says that it is running and then,
 * replaced, how it ended.
 */
export function runToast(
  page: IJupyterLabPageFixture,
  label: RegExp,
  server: string
): Locator {
  return toast(
    page,
    new RegExp(
      `^(?:Workflow )?${label.source} (?:is running|finished|failed|was stopped) on ${server}\\.`
    )
  );
}

/**
 * Wait for the notification that a run started on `server` (or, for a
 * short run, the one that replaced it: how it ended), and return the run's
 * label.
 */
export async function startedLabel(
  page: IJupyterLabPageFixture,
  label: RegExp,
  server: string
): Promise<string> {
  const started = runToast(page, label, server).first();
  await expect(started).toBeVisible({ timeout: 30 * 1000 });
  const message = await started.locator('.jp-toast-message').innerText();
  return message.replace(/^Workflow /, '').split(' ')[0];
}

/**
 * Run the reana.yaml in `dir` on this machine from the file browser's
 * context menu, as the run form prefilled it (and found it valid), and
 * follow the run (its label matching `label`, e.g. /analysis\.\d+/) in the
 * Workflows section until it ended as `status`; its detail opens.
 */
export async function runLocally(
  page: IJupyterLabPageFixture,
  dir: string,
  label: RegExp,
  status: 'finished' | 'failed',
  timeout: number
): Promise<{ label: string; detail: Locator }> {
  await fileMenu(page, dir, 'reana.yaml', 'Run locally…');
  const form = await runForm(page);
  await expect(form.getByTestId('vre-reana-validation')).toHaveAttribute(
    'data-state',
    'valid'
  );
  await form.locator('button.jp-mod-accept').click();
  await expect(form).toHaveCount(0);
  const started = await startedLabel(page, label, 'This machine');
  const row = workflowRow(await openWorkflows(page), started);
  await expect(row).toHaveAttribute('data-status', status, { timeout });
  await row.click();
  const detail = workflowDetail(page, 'local');
  await expect(detail).toHaveAttribute('data-status', status);
  return { label: started, detail };
}

/**
 * Run the reana.yaml in `dir` on the REANA double from the file browser's
 * context menu, under `name`, after checking the values the run form
 * prefilled from its parameters; the detail of the new workflow opens.
 */
export async function runOnDouble(
  page: IJupyterLabPageFixture,
  dir: string,
  name: string,
  parameters: Record<string, string>
): Promise<Locator> {
  await fileMenu(page, dir, 'reana.yaml', 'Run on REANA…');
  const form = await runForm(page);
  await form.getByTestId('vre-reana-run-server').selectOption('double');
  await expect(form.getByTestId('vre-reana-validation')).toHaveAttribute(
    'data-state',
    'valid'
  );
  for (const [parameter, value] of Object.entries(parameters)) {
    await expect(parameterField(form, parameter)).toHaveValue(value);
  }
  await form.getByTestId('vre-reana-run-name').fill(name);
  await form.locator('button.jp-mod-accept').click();
  await expect(page.locator('.jp-Dialog')).toHaveCount(0);
  // Created, inputs uploaded, started: the run job's notification says so
  // (or already how it ended), and the workflow's detail opens.
  await expect(
    runToast(page, new RegExp(`${name}\\.1`), REANA_DOUBLE)
  ).toBeVisible({ timeout: 30 * 1000 });
  const detail = workflowDetail(page, 'double');
  await expect(detail.locator('.vre-WorkflowDetail-name')).toHaveText(
    `${name}.1`
  );
  return detail;
}
