/**
 * The fields of a `RucioDestination`: the instance, RSE and scope.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { RucioDestination } from './destination';
import { FormField } from './formfields';

/**
 * The props of `DestinationFields`; the form around them re-renders when
 * the destination changes.
 */
export interface IDestinationFieldsProps {
  destination: RucioDestination;
  /** The form's test id, e.g. `vre-rucio-upload`; each field adds to it. */
  testid: string;
  trans: TranslationBundle;
}

/**
 * The instance (when there are several), RSE and scope fields.
 */
export function DestinationFields(
  props: IDestinationFieldsProps
): React.ReactElement {
  const { destination, testid, trans } = props;
  // The RSE and the scope: a choice among those the instance offers.
  const offered = (
    key: 'rse' | 'scope',
    label: string,
    options: readonly string[]
  ): React.ReactElement => (
    <FormField
      label={label}
      testid={`${testid}-${key}`}
      value={destination[key]}
      options={options}
      disabled={destination.loading}
      onChange={value => (destination[key] = value)}
    />
  );
  return (
    <>
      {destination.instances.length > 1 && (
        <FormField
          label={trans.__('Instance')}
          testid={`${testid}-instance`}
          value={destination.instance}
          options={destination.instances.map(i => ({
            value: i.name,
            label: i.display_name || i.name
          }))}
          onChange={name => void destination.chooseInstance(name)}
        />
      )}
      {offered('rse', trans.__('Storage element (RSE)'), destination.rses)}
      {offered('scope', trans.__('Scope'), destination.scopes)}
    </>
  );
}
