/**
 * The login form of a Rucio instance, with the fields of its auth type.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { Button, InputGroup, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { LoginField, LoginModel, SECRET_FIELDS } from './loginmodel';

/**
 * The properties of `LoginForm`.
 */
export interface ILoginFormProps {
  model: LoginModel;
  trans: TranslationBundle;
}

/**
 * The login form.
 */
export function LoginForm(props: ILoginFormProps): React.ReactElement {
  const { model, trans } = props;
  return (
    <UseSignal signal={model.changed}>
      {() => (
        <form
          className="vre-LoginForm"
          data-testid="vre-rucio-login"
          autoComplete="off"
          onSubmit={event => {
            event.preventDefault();
            void model.submit();
          }}
        >
          {model.connection.message && (
            <p className="vre-Message vre-mod-error" role="alert">
              {model.connection.message}
            </p>
          )}
          {model.fields.map(field => (
            <label className="vre-Field" key={field}>
              <span className="vre-Field-label">
                {fieldLabel(field, trans)}
              </span>
              <InputGroup
                name={field}
                data-testid={`vre-rucio-login-${field}`}
                type={SECRET_FIELDS.has(field) ? 'password' : 'text'}
                autoComplete={SECRET_FIELDS.has(field) ? 'off' : undefined}
                placeholder={fieldPlaceholder(field, trans)}
                value={model.value(field)}
                disabled={model.submitting}
                onChange={event =>
                  model.setValue(field, event.currentTarget.value)
                }
              />
            </label>
          ))}
          <Button
            type="submit"
            className="jp-mod-styled jp-mod-accept"
            disabled={model.submitting || !model.complete}
          >
            {model.submitting ? trans.__('Logging in…') : trans.__('Log in')}
          </Button>
        </form>
      )}
    </UseSignal>
  );
}

function fieldLabel(field: LoginField, trans: TranslationBundle): string {
  switch (field) {
    case 'username':
      return trans.__('Username');
    case 'password':
      return trans.__('Password');
    case 'account':
      return trans.__('Account (optional)');
    case 'certificate':
      return trans.__('Certificate file');
    case 'key':
      return trans.__('Key file');
    case 'proxy':
      return trans.__('Proxy file');
    case 'token':
      return trans.__('OIDC token');
  }
}

function fieldPlaceholder(field: LoginField, trans: TranslationBundle): string {
  switch (field) {
    case 'certificate':
    case 'key':
    case 'proxy':
      return trans.__('Path relative to the server root');
    default:
      return '';
  }
}
