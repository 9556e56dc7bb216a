/**
 * The building blocks of the publish form: a labelled field with its
 * errors next to it, and a text input that keeps what is being typed.
 */
import { InputGroup } from '@jupyterlab/ui-components';
import * as React from 'react';

import { PublishFormModel } from './formmodel';

export interface IFieldProps {
  model: PublishFormModel;
  /** The visible label (and the input's accessible name). */
  label: string;
  /** The InvenioRDM paths whose errors show under the field. */
  fields: string[];
  className?: string;
  children: React.ReactNode;
}

/**
 * A labelled field; its errors in `.vre-Publish-fieldError` elements.
 */
export function Field(props: IFieldProps): React.ReactElement {
  const errors = props.fields.reduce<string[]>(
    (all, field) => all.concat(props.model.fieldErrors(field)),
    []
  );
  return (
    <div
      className={`vre-Field vre-Publish-field ${props.className ?? ''} ${
        errors.length ? 'vre-mod-invalid' : ''
      }`}
      data-field={props.fields[0]}
    >
      <label className="vre-Publish-fieldLabel">
        <span className="vre-Field-label">{props.label}</span>
        {props.children}
      </label>
      <FieldErrors messages={errors} />
    </div>
  );
}

/**
 * Error messages of a field.
 */
export function FieldErrors(props: {
  messages: string[];
}): React.ReactElement | null {
  if (props.messages.length === 0) {
    return null;
  }
  return (
    <>
      {props.messages.map((message, index) => (
        <div key={index} className="vre-Publish-fieldError" role="alert">
          {message}
        </div>
      ))}
    </>
  );
}

export interface ITextInputProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  type?: string;
  invalid?: boolean;
  testid?: string;
}

/**
 * A text input whose accessible name is `label`.
 */
export function TextInput(props: ITextInputProps): React.ReactElement {
  return (
    <InputGroup
      type={props.type ?? 'text'}
      aria-label={props.label}
      aria-invalid={props.invalid || undefined}
      data-testid={props.testid}
      className={props.invalid ? 'vre-mod-invalid' : ''}
      placeholder={props.placeholder}
      value={props.value}
      onChange={event => props.onChange(event.currentTarget.value)}
    />
  );
}

/**
 * A text input for a value the model parses (a list typed as text): what
 * the user types stays as typed while it means the same value.
 */
export function BufferedInput(
  props: Omit<ITextInputProps, 'onChange'> & {
    /** The text of a value. */
    format: (text: string) => string;
    onChange: (text: string) => void;
  }
): React.ReactElement {
  const [text, setText] = React.useState(props.value);
  const shown = props.format(text) === props.value ? text : props.value;
  return (
    <TextInput
      {...props}
      value={shown}
      onChange={value => {
        setText(value);
        props.onChange(value);
      }}
    />
  );
}
