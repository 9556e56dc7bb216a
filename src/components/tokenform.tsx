/**
 * The form that hands an access token to the server. The token lives in its
 * field only until the form is sent, and is never shown back.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { Button, InputGroup } from '@jupyterlab/ui-components';
import * as React from 'react';

/**
 * What the form needs of the model that hands the token over.
 */
export interface ITokenFormModel {
  /** The last error, or an empty string. */
  readonly message: string;
  readonly submitting: boolean;
  setToken(token: string): Promise<boolean>;
}

/**
 * The properties of `TokenForm`.
 */
export interface ITokenFormProps {
  model: ITokenFormModel;
  testId: string;
  inputName: string;
  inputTestId: string;
  ariaLabel: string;
  placeholder: string;
  /** Where to find a token, or null. */
  hint: string | null;
  submitTitle?: string;
  trans: TranslationBundle;
}

export function TokenForm(props: ITokenFormProps): React.ReactElement {
  const { model, trans } = props;
  const submitting = model.submitting;
  const [token, setToken] = React.useState('');
  return (
    <form
      className="vre-TokenForm"
      data-testid={props.testId}
      autoComplete="off"
      onSubmit={event => {
        event.preventDefault();
        const value = token;
        setToken('');
        void model.setToken(value);
      }}
    >
      {model.message && (
        <p className="vre-Message vre-mod-error" role="alert">
          {model.message}
        </p>
      )}
      <label className="vre-Field">
        <span className="vre-Field-label">{trans.__('Access token')}</span>
        <InputGroup
          type="password"
          name={props.inputName}
          autoComplete="off"
          data-testid={props.inputTestId}
          aria-label={props.ariaLabel}
          placeholder={props.placeholder}
          value={token}
          disabled={submitting}
          onChange={event => setToken(event.currentTarget.value)}
        />
      </label>
      {props.hint && <p className="vre-Message">{props.hint}</p>}
      <Button
        type="submit"
        className="jp-mod-styled jp-mod-accept"
        title={props.submitTitle}
        disabled={submitting || token.trim() === ''}
      >
        {submitting ? trans.__('Checking…') : trans.__('Use token')}
      </Button>
    </form>
  );
}
