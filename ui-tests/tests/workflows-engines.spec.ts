/**
 * Workflows of every type on this machine, each on the engine REANA runs
 * for it (start-lab.sh gives the lab the engines' venv), and a workflow that
 * reads a Rucio dataset of the sandbox, picked in the Data section.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import { openDataSection } from './panel';
import { fileMenu, runForm, toast } from './workflows';

test.setTimeout(120 * 1000);

const SNAKEFILE = `rule all:
    input: "results/greeting.txt"

rule greet:
    output: "results/greeting.txt"
    params: word=config["greeting"]
    shell: "mkdir -p results && echo {params.word} > {output}"
`;

const YADAGE_WORKFLOW = `stages:
  - name: hello
    dependencies: [init]
    scheduler:
      scheduler_type: singlestep-stage
      parameters:
        greeting: {step: init, output: greeting}
        outputfile: '{workdir}/greeting.txt'
      step:
        process:
          process_type: string-interpolated-cmd
          cmd: 'echo {greeting} > {outputfile}'
        environment:
          environment_type: docker-encapsulated
          image: docker.io/library/bash
          imagetag: '5'
        publisher:
          publisher_type: frompar-pub
          outputmap:
            outputfile: outputfile
`;

/**
 * Run the reana.yaml in `dir` on this machine from the file browser, as
 * the form offers it; the run's label once it finished.
 */
async function runHere(
  page: IJupyterLabPageFixture,
  dir: string,
  label: RegExp,
  prepare: (form: Awaited<ReturnType<typeof runForm>>) => Promise<void> = async () => {}
): Promise<string> {
  await fileMenu(page, dir, 'reana.yaml', 'Run locally…');
  const form = await runForm(page);
  await prepare(form);
  await form.locator('button.jp-mod-accept').click();
  // a run of a second: its "running" notification may already say "finished"
  const finished = toast(
    page,
    new RegExp(`^Workflow ${label.source} finished on This machine\\.`)
  );
  await expect(finished).toBeVisible({ timeout: 90 * 1000 });
  const started = (await finished.locator('.jp-toast-message').innerText())
    .split(' ')[1];
  return started;
}

async function text(page: IJupyterLabPageFixture, path: string): Promise<string> {
  const answer = await page.request.get(`/api/contents/${path}?content=1&type=file`);
  expect(answer.ok()).toBe(true);
  return (await answer.json()).content;
}

test.describe('Workflows on their own engines, on this machine', () => {
  test('a Snakemake workflow runs with Snakemake, its config the parameters', async ({
    page,
    tmpPath
  }) => {
    const dir = `${tmpPath}/greet`;
    await page.contents.uploadContent(SNAKEFILE, 'text', `${dir}/Snakefile`);
    await page.contents.uploadContent('greeting: Hello\n', 'text', `${dir}/config.yaml`);
    await page.contents.uploadContent(
      'version: 0.9.0\ninputs:\n  parameters:\n    input: config.yaml\nworkflow:\n  type: snakemake\n  file: Snakefile\noutputs:\n  files:\n    - results/greeting.txt\n',
      'text',
      `${dir}/reana.yaml`
    );
    const label = await runHere(page, dir, /greet\.\d+/);
    expect(await text(page, `reana-runs/${label}/results/greeting.txt`)).toBe('Hello\n');
  });

  test('a yadage workflow runs with yadage, its parameters the init data', async ({
    page,
    tmpPath
  }) => {
    const dir = `${tmpPath}/hello`;
    await page.contents.uploadContent(YADAGE_WORKFLOW, 'text', `${dir}/workflow.yml`);
    await page.contents.uploadContent(
      'version: 0.9.0\ninputs:\n  parameters:\n    greeting: Salut\nworkflow:\n  type: yadage\n  file: workflow.yml\noutputs:\n  files:\n    - hello/greeting.txt\n',
      'text',
      `${dir}/reana.yaml`
    );
    const label = await runHere(page, dir, /hello\.\d+/);
    expect(await text(page, `reana-runs/${label}/hello/greeting.txt`)).toBe('Salut\n');
  });

  test('a workflow reads a Rucio dataset picked in the Data section', async ({
    page,
    tmpPath
  }) => {
    const did = 'demo:higgs4l-data-2012B-DoubleMuon';
    const data = await openDataSection(page);
    await data.getByTestId('vre-rucio-query').fill(did);
    await data.getByTestId('vre-rucio-search-button').click();
    await data.locator(`[data-testid="vre-rucio-results"] [data-did="${did}"]`).click();
    await data.getByTestId('vre-rucio-use-in-workflow').click();
    await expect(toast(page, `${did} is offered as an input`)).toBeVisible();

    const dir = `${tmpPath}/count`;
    await page.contents.uploadContent(
      'version: 0.9.0\ninputs:\n  parameters:\n    events: none\nworkflow:\n  type: serial\n  specification:\n    steps:\n      - name: count\n        environment: docker.io/library/bash:5\n        commands:\n          - mkdir -p results && ls ${events} | wc -l > results/count.txt\noutputs:\n  files:\n    - results/count.txt\n',
      'text',
      `${dir}/reana.yaml`
    );
    const label = await runHere(page, dir, /count\.\d+/, async form => {
      const inputs = form.getByTestId('vre-reana-rucio-inputs');
      await inputs
        .getByRole('combobox', { name: `Parameter ${did} feeds` })
        .selectOption('events');
      await expect(form.locator('[data-parameter="events"] input')).toHaveValue(
        `from Rucio: ${did}`
      );
    });
    expect((await text(page, `reana-runs/${label}/results/count.txt`)).trim()).toBe('3');
  });
});
