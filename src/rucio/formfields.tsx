/**
 * A labelled field of the upload and registration forms.
 */
import {
  HTMLSelect,
  InputGroup,
  IOptionProps
} from '@jupyterlab/ui-components';
import * as React from 'react';

export interface IFormFieldProps {
  label: string;
  testid: string;
  value: string;
  onChange: (value: string) => void;
  /** The choices of a drop-down; without them the field is a text input. */
  options?: ReadonlyArray<string | IOptionProps>;
  disabled?: boolean;
  placeholder?: string;
  inputMode?: React.HTMLAttributes<HTMLInputElement>['inputMode'];
}

/**
 * A labelled drop-down or text input.
 */
export function FormField(props: IFormFieldProps): React.ReactElement {
  const common = {
    'data-testid': props.testid,
    value: props.value,
    disabled: props.disabled,
    onChange: (
      event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>
    ) => props.onChange(event.currentTarget.value)
  };
  return (
    <label className="vre-Field">
      <span className="vre-Field-label">{props.label}</span>
      {props.options ? (
        <HTMLSelect {...common} options={[...props.options]} />
      ) : (
        <InputGroup
          {...common}
          placeholder={props.placeholder}
          inputMode={props.inputMode}
        />
      )}
    </label>
  );
}
