/**
 * The labelled drop-down that chooses a service's endpoint (an instance, a
 * server, a repository).
 */
import { HTMLSelect } from '@jupyterlab/ui-components';
import * as React from 'react';

/**
 * The properties of `EndpointPicker`.
 */
export interface IEndpointPickerProps {
  /** Classes added to the field's `vre-Field` class. */
  className?: string;
  label: string;
  ariaLabel: string;
  testId: string;
  /** The chosen endpoint's name, or an empty string. */
  value: string;
  options: { value: string; label: string }[];
  onSelect: (name: string) => void;
}

export function EndpointPicker(
  props: IEndpointPickerProps
): React.ReactElement {
  return (
    <label
      className={props.className ? `vre-Field ${props.className}` : 'vre-Field'}
    >
      <span className="vre-Field-label">{props.label}</span>
      <HTMLSelect
        aria-label={props.ariaLabel}
        data-testid={props.testId}
        value={props.value}
        onChange={event => props.onSelect(event.currentTarget.value)}
        options={props.options}
      />
    </label>
  );
}
