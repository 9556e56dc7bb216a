import { nullTranslator } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

import { IValidation, IValidationIssue } from '../reana/types';
import { issuePath, ValidationView } from '../reana/validationview';

const trans = nullTranslator.load('vre_lab');

const inWorkflowFile: IValidationIssue = {
  severity: 'error',
  message:
    'The `$ref` `steps.yml#/say` names `steps.yml`, which does not exist.',
  line: 9,
  column: 20,
  key: 'stages.0.scheduler.step.$ref',
  file: 'workflow/workflow.yml'
};
const inReanaYaml: IValidationIssue = {
  severity: 'warning',
  message: 'Parameter `extra` is not used.',
  line: 4,
  column: 5,
  key: 'inputs.parameters.extra',
  file: null
};

class View extends ReactWidget {
  constructor(
    private _validation: IValidation,
    private _reveal: (issue: IValidationIssue) => void
  ) {
    super();
  }
  protected render(): React.ReactElement {
    return (
      <ValidationView
        validation={this._validation}
        trans={trans}
        onReveal={this._reveal}
      />
    );
  }
}

describe('ValidationView', () => {
  it('names the workflow file an issue is in and reveals it there', async () => {
    const revealed: IValidationIssue[] = [];
    const widget = new View(
      {
        valid: false,
        issues: [inReanaYaml, inWorkflowFile],
        parameters: {},
        specification: {},
        workflow_type: 'yadage'
      },
      issue => revealed.push(issue)
    );
    Widget.attach(widget, document.body);
    widget.update();
    await new Promise(resolve => setTimeout(resolve, 0));

    const buttons = Array.from(
      widget.node.querySelectorAll<HTMLButtonElement>('.vre-Issue')
    );
    const where = buttons.map(
      b => b.querySelector('.vre-Issue-where')?.textContent
    );
    expect(where).toEqual([
      'line 4, column 5',
      'workflow/workflow.yml, line 9, column 20'
    ]);
    expect(buttons[1].dataset.file).toBe('workflow/workflow.yml');
    buttons[1].click();
    expect(revealed).toEqual([inWorkflowFile]);
    widget.dispose();
  });
});

describe('issuePath', () => {
  it('opens an issue in the file it names, next to the reana.yaml', () => {
    expect(issuePath('higgs/reana.yaml', inWorkflowFile)).toBe(
      'higgs/workflow/workflow.yml'
    );
    expect(issuePath('reana.yaml', inWorkflowFile)).toBe(
      'workflow/workflow.yml'
    );
    expect(issuePath('higgs/reana.yaml', inReanaYaml)).toBe('higgs/reana.yaml');
    const { file, ...withoutFile } = inReanaYaml;
    expect(file).toBeNull();
    expect(issuePath('higgs/reana.yaml', withoutFile)).toBe('higgs/reana.yaml');
  });
});
