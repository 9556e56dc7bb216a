/**
 * The run form's "Inputs from Rucio": each offered DID with the parameter
 * it feeds, and a field to offer one more.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import {
  Button,
  closeIcon,
  HTMLSelect,
  InputGroup,
  ToolbarButtonComponent
} from '@jupyterlab/ui-components';
import * as React from 'react';

import { isDid, RucioInputs } from './rucioinputs';

export interface IRucioInputsViewProps {
  inputs: RucioInputs;
  /** The workflow's parameters, to bind a DID to. */
  parameters: readonly string[];
  trans: TranslationBundle;
}

export function RucioInputsView(
  props: IRucioInputsViewProps
): React.ReactElement {
  const { inputs, parameters, trans } = props;
  const [typed, setTyped] = React.useState('');
  const add = (): void => {
    inputs.add(typed);
    setTyped('');
  };
  return (
    <section
      className="vre-DIDView-section vre-RucioInputs"
      data-testid="vre-reana-rucio-inputs"
    >
      <h4 className="vre-DIDView-heading">{trans.__('Inputs from Rucio')}</h4>
      {inputs.inputs.length === 0 && (
        <p className="vre-Message">
          {trans.__(
            'None. Offer a DID with "Use in a workflow…" in the Data section, or type one.'
          )}
        </p>
      )}
      {inputs.inputs.map(input => (
        <div
          key={input.did}
          className="vre-SearchForm-row vre-RucioInputs-item"
          data-did={input.did}
        >
          <code className="vre-RucioInputs-did">{input.did}</code>
          <HTMLSelect
            aria-label={trans.__('Parameter %1 feeds', input.did)}
            value={input.parameter ?? ''}
            onChange={event =>
              inputs.bind(input.did, event.currentTarget.value || null)
            }
            options={[
              { value: '', label: trans.__('not used') },
              ...parameters.map(name => ({
                value: name,
                label: trans.__('feeds %1', name)
              }))
            ]}
          />
          <ToolbarButtonComponent
            icon={closeIcon}
            tooltip={trans.__('Remove %1', input.did)}
            onClick={() => inputs.remove(input.did)}
          />
        </div>
      ))}
      <div className="vre-SearchForm-row">
        <InputGroup
          aria-label={trans.__('A DID to offer')}
          placeholder={trans.__('scope:name')}
          value={typed}
          onChange={event => setTyped(event.currentTarget.value)}
          onKeyDown={event => {
            if (event.key === 'Enter' && isDid(typed)) {
              event.preventDefault();
              add();
            }
          }}
        />
        <Button
          className="jp-mod-styled"
          disabled={!isDid(typed)}
          onClick={add}
        >
          {trans.__('Add')}
        </Button>
      </div>
    </section>
  );
}
