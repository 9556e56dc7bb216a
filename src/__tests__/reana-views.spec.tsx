import { nullTranslator } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

import { ReanaClient } from '../reana/client';
import { stepTitle } from '../reana/logview';
import { RunForm } from '../reana/runform';
import { RunModel } from '../reana/runmodel';
import { IValidationIssue } from '../reana/types';
import { apiError, fakeAPI, find, IFakeCall, until } from './helpers';
import {
  attachWorkflowDetail,
  detailBody,
  reanaServerBody,
  serverBody,
  validationBody
} from './reana-fixtures';

const trans = nullTranslator.load('vre_lab');

describe('WorkflowDetailWidget', () => {
  it('shows the overview, follows the logs and lists the workspace', async () => {
    const api = fakeAPI((call: IFakeCall) => {
      const base = 'reana/servers/local/workflows/wf-1';
      switch (call.path) {
        case base:
          return detailBody({ status: 'running' });
        case `${base}/logs`:
          return {
            workflow_log: 'engine started\n',
            steps: [
              {
                id: 's1',
                name: 'fit',
                status: 'running',
                started: null,
                finished: null,
                log: 'fitting…\n'
              }
            ]
          };
        case `${base}/workspace`:
          return {
            items: [
              { name: 'results/plot.png', size: 1500, last_modified: null }
            ],
            total: 1,
            page: 1,
            size: 50
          };
        default:
          return apiError(404, null, 'no');
      }
    });
    const opened: string[] = [];
    const { model, widget } = attachWorkflowDetail(
      api.request,
      { openPath: path => opened.push(path) },
      { activeInterval: 30 }
    );
    await model.start();

    const root = await find(
      '[data-testid="vre-reana-workflow"]',
      node => node.dataset.status === 'running'
    );
    expect(widget.title.label).toBe('analysis.1');
    expect(root.querySelector('[data-testid="vre-reana-stop"]')).not.toBeNull();
    const overview = await find('[data-testid="vre-reana-overview"]');
    expect(overview.textContent).toContain('reana-runs/analysis.1');
    const parameters = await find('[data-testid="vre-reana-parameters"]');
    expect(parameters.textContent).toContain('events1000');

    (await find('[data-testid="vre-reana-detail-tab-logs"]')).click();
    const engine = await find(
      '[data-testid="vre-reana-engine-log"]',
      node => node.textContent === 'engine started\n'
    );
    expect(engine.tagName).toBe('PRE');
    const logs = await find('[data-testid="vre-reana-logs"]');
    expect(logs.dataset.live).toBe('true');
    expect(logs.querySelector('[data-step="fit"]')).not.toBeNull();

    (await find('[data-testid="vre-reana-detail-tab-workspace"]')).click();
    const row = await find('.vre-FileTable-row[data-file="results/plot.png"]');
    row.querySelector<HTMLButtonElement>('button')!.click();
    await until(() => opened.length === 1);
    expect(opened).toEqual(['reana-runs/analysis.1/results/plot.png']);

    widget.dispose();
    expect(model.isDisposed).toBe(true);
  });
});

describe('A failed run', () => {
  it('says why in its overview, offers no Open on what it did not write, and numbers commands', async () => {
    const api = fakeAPI((call: IFakeCall) => {
      const base = 'reana/servers/local/workflows/wf-1';
      switch (call.path) {
        case base:
          return detailBody({
            status: 'failed',
            outputs: ['results/plot.png', 'results/fit.txt'],
            missing_outputs: ['results/fit.txt'],
            failure: {
              message: "Step 'fit' failed: command 2 of 2 exited with status 2",
              step: 'fit',
              log_tail: 'no events to fit'
            }
          });
        case `${base}/logs`:
          return {
            workflow_log: 'failed\n',
            steps: [
              ['a', 'prepare', 'finished', undefined],
              ['b', 'fit', 'finished', 1],
              ['c', 'fit', 'failed', 2]
            ].map(([id, name, status, n]) => ({
              id,
              name,
              status,
              started: null,
              finished: null,
              log: `${id}\n`,
              ...(n ? { command_number: n, command_count: 2 } : {})
            }))
          };
        default:
          return apiError(404, null, 'no');
      }
    });
    const { model, widget } = attachWorkflowDetail(api.request);
    await model.start();

    const failure = await find('[data-testid="vre-reana-failure"]');
    expect(failure.textContent).toContain(
      "Step 'fit' failed: command 2 of 2 exited with status 2"
    );
    expect(failure.querySelector('pre')?.textContent).toBe('no events to fit');
    const outputs = await find('[data-testid="vre-reana-outputs"]');
    const written = outputs.querySelector('[data-file="results/plot.png"]')!;
    const notWritten = outputs.querySelector('[data-file="results/fit.txt"]')!;
    expect(written.querySelector('button')?.textContent).toBe('Open');
    expect(notWritten.querySelector('button')).toBeNull();
    expect(notWritten.textContent).toContain('not written');

    // "Show the logs": the failed step open, its commands numbered.
    (await find('[data-testid="vre-reana-failure-logs"]')).click();
    const logs = await find(
      '[data-testid="vre-reana-logs"]',
      node => node.querySelectorAll('.vre-StepLog').length === 3
    );
    const titles = Array.from(
      logs.querySelectorAll('.vre-StepLog-name'),
      node => node.textContent
    );
    expect(titles).toEqual([
      'prepare',
      'fit · command 1 of 2',
      'fit · command 2 of 2'
    ]);
    const steps = logs.querySelectorAll<HTMLDetailsElement>('.vre-StepLog');
    expect(steps[2].open).toBe(true);
    widget.dispose();
  });

  it('numbers the jobs of a step whose server does not number commands', () => {
    const step = (id: string, name: string) => ({
      id,
      name,
      status: 'finished',
      started: null,
      finished: null,
      log: ''
    });
    const steps = [step('1', 'a'), step('2', 'b'), step('3', 'b')];
    expect(steps.map((_, i) => stepTitle(steps, i, trans))).toEqual([
      'a',
      'b · job 1 of 2',
      'b · job 2 of 2'
    ]);
  });
});

describe('RunForm', () => {
  class FormWidget extends ReactWidget {
    constructor(
      private _model: RunModel,
      private _reveal: (issue: IValidationIssue) => void
    ) {
      super();
    }
    protected render(): React.ReactElement {
      return (
        <RunForm model={this._model} trans={trans} onReveal={this._reveal} />
      );
    }
  }

  it('shows the validation inline; an issue opens the file at its line', async () => {
    const api = fakeAPI(() =>
      validationBody({
        valid: false,
        issues: [
          {
            severity: 'error',
            message: "'steps' is a required property",
            line: 7,
            column: 5,
            key: 'workflow.specification'
          }
        ]
      })
    );
    const model = new RunModel({
      client: new ReanaClient(api.request),
      path: 'higgs/reana.yaml',
      servers: [serverBody(), reanaServerBody()],
      server: 'cern',
      trans
    });
    const revealed: IValidationIssue[] = [];
    const widget = new FormWidget(model, issue => revealed.push(issue));
    Widget.attach(widget, document.body);
    await model.validate();

    const validation = await find(
      '[data-testid="vre-reana-validation"]',
      node => node.dataset.state === 'invalid'
    );
    expect(validation.textContent).toContain('Not valid: 1 error.');
    expect(validation.textContent).toContain('line 7, column 5');
    const problem = await find('[data-testid="vre-reana-run-problem"]');
    expect(problem.textContent).toBe('Fix the error in the reana.yaml first.');
    const name = (await find(
      'input[data-testid="vre-reana-run-name"]'
    )) as HTMLInputElement;
    expect(name.value).toBe('higgs');
    const parameter = await find('[data-parameter="events"]');
    expect(parameter.textContent).toContain('events (number)');

    validation.querySelector<HTMLButtonElement>('.vre-Issue')!.click();
    expect(revealed.map(i => i.line)).toEqual([7]);
    widget.dispose();
    model.dispose();
  });
});
