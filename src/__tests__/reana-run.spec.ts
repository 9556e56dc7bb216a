import { nullTranslator } from '@jupyterlab/translation';

import { ReanaClient } from '../reana/client';
import { defaultWorkflowName, isValidWorkflowName } from '../reana/names';
import { RunModel } from '../reana/runmodel';
import { validationSummary } from '../reana/validationview';
import { apiError, fakeAPI, IFakeCall } from './helpers';
import { reanaServerBody, serverBody, validationBody } from './reana-fixtures';

const trans = nullTranslator.load('vre_lab');
const SERVERS = [serverBody(), reanaServerBody()];
describe('defaultWorkflowName', () => {
  it('names a run after the folder of a reana.yaml, or the file', () => {
    expect(defaultWorkflowName('analyses/higgs4l/reana.yaml')).toBe('higgs4l');
    expect(defaultWorkflowName('higgs/reana-local.yml')).toBe('higgs');
    expect(defaultWorkflowName('work/fit.v2.yaml')).toBe('fit-v2');
    expect(defaultWorkflowName('reana.yaml')).toBe('reana');
    expect(defaultWorkflowName('.../reana.yaml')).toBe('reana');
    expect(defaultWorkflowName('---.yaml')).toBe('workflow');
    expect(isValidWorkflowName('higgs4l')).toBe(true);
    expect(isValidWorkflowName('fit.v2')).toBe(false);
    expect(isValidWorkflowName('-x')).toBe(false);
  });
});

describe('RunModel', () => {
  function createForm(
    answer: unknown,
    options: Partial<RunModel.IOptions> = {}
  ): { form: RunModel; calls: IFakeCall[] } {
    const api = fakeAPI(call =>
      call.path === 'reana/validate' ? answer : apiError(404, null, 'no')
    );
    const form = new RunModel({
      client: new ReanaClient(api.request),
      path: 'higgs/reana.yaml',
      servers: SERVERS,
      server: 'local',
      trans,
      ...options
    });
    return { form, calls: api.calls };
  }

  it('prefills the parameters from the validation, typed', async () => {
    const { form, calls } = createForm(validationBody());
    expect(form.canRun).toBe(false);
    await form.validate();
    expect(calls[0]).toMatchObject({
      method: 'POST',
      path: 'reana/validate',
      body: { path: 'higgs/reana.yaml' }
    });
    expect(form.name).toBe('higgs');
    expect(form.parameters).toEqual([
      { name: 'events', value: '1000', type: 'number' },
      { name: 'channel', value: 'mumu', type: 'string' }
    ]);
    expect(form.problem).toBeNull();

    form.setParameter('events', '5000');
    form.setParameter('channel', '4e');
    form.server = 'cern';
    expect(form.request()).toEqual({
      path: 'higgs/reana.yaml',
      name: 'higgs',
      parameters: { events: 5000, channel: '4e' }
    });
    expect(form.server).toBe('cern');

    form.setParameter('events', 'many');
    expect(form.problem).toBe('Parameter events must be a number.');
    expect(() => form.request()).toThrow('Parameter events must be a number.');
    form.dispose();
  });

  it('keeps the values of a re-run and adds parameters it lacks', async () => {
    const { form } = createForm(validationBody(), {
      name: 'higgs',
      parameters: { events: 20 }
    });
    await form.validate();
    expect(form.parameters).toEqual([
      { name: 'events', value: '20', type: 'number' },
      { name: 'channel', value: 'mumu', type: 'string' }
    ]);
    form.dispose();
  });

  it('blocks the run while the reana.yaml has errors', async () => {
    const { form } = createForm(
      validationBody({
        valid: false,
        issues: [
          {
            severity: 'error',
            message: "'steps' is a required property",
            line: 4,
            column: 3,
            key: 'workflow.specification'
          },
          {
            severity: 'warning',
            message: 'Parameter "unused" is not used',
            line: 2,
            column: 5,
            key: 'inputs.parameters.unused'
          }
        ]
      })
    );
    await form.validate();
    expect(form.errors).toBe(1);
    expect(form.canRun).toBe(false);
    expect(form.problem).toBe('Fix the error in the reana.yaml first.');
    form.dispose();
  });

  it('blocks the run while an input is missing, and says what to do', async () => {
    const missing =
      'Input file `data/events.csv` does not exist next to the reana.yaml. higgs4l.ipynb names it: run that notebook first (Run → Run All Cells), then run the workflow again.';
    const validation = validationBody({
      valid: false,
      reana_valid: true,
      issues: [
        {
          severity: 'error',
          message: missing,
          line: 11,
          column: 7,
          key: 'inputs.files.1',
          run_only: true
        }
      ]
    });
    const { form } = createForm(validation);
    await form.validate();
    expect(form.canRun).toBe(false);
    expect(form.problem).toBe('An input is missing: see how to make it above.');
    // The verdict does not call the file invalid: it cannot run yet.
    expect(validationSummary(validation, trans)).toBe(
      'Cannot run yet: 1 error.'
    );
    form.dispose();
  });

  it('lets warnings through, and blocks a bad name', async () => {
    const { form } = createForm(
      validationBody({
        issues: [
          {
            severity: 'warning',
            message: 'sudo is dangerous',
            line: 9,
            column: 11,
            key: 'workflow.specification.steps.0.commands'
          }
        ]
      })
    );
    await form.validate();
    expect(form.canRun).toBe(true);
    form.name = 'higgs.v2';
    expect(form.canRun).toBe(false);
    expect(form.problem).toMatch(/letters, digits/);
    form.dispose();
  });

  it('blocks the run, with one clear line, when validation fails', async () => {
    const { form } = createForm(
      apiError(404, 'not_found', 'No file higgs/reana.yaml')
    );
    await form.validate();
    expect(form.validationError).toBe('No file higgs/reana.yaml');
    expect(form.problem).toBe('No file higgs/reana.yaml');
    form.dispose();
  });
});
