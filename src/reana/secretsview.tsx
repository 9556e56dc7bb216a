/**
 * The secrets of a REANA server: names and types, adding one (a value or a
 * file of the lab's tree) and deleting one. Values are never shown; the
 * value field is cleared the moment the form is sent.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import {
  Button,
  HTMLSelect,
  InputGroup,
  UseSignal
} from '@jupyterlab/ui-components';
import * as React from 'react';

import { SecretsModel } from './secretsmodel';
import { SecretType } from './types';

/**
 * The properties of `SecretsView`.
 */
export interface ISecretsViewProps {
  model: SecretsModel;
  trans: TranslationBundle;
}

/**
 * The secrets tab.
 */
export function SecretsView(props: ISecretsViewProps): React.ReactElement {
  const { model, trans } = props;
  return (
    <UseSignal signal={model.changed}>
      {() => (
        <div className="vre-Secrets" data-testid="vre-reana-secrets">
          <p className="vre-Message">
            {trans.__(
              'Secrets reach your workflow jobs as environment variables or files. Their values are never shown.'
            )}
          </p>
          <SecretList {...props} />
          <AddSecretForm {...props} />
        </div>
      )}
    </UseSignal>
  );
}

function SecretList(props: ISecretsViewProps): React.ReactElement {
  const { model, trans } = props;
  if (model.state === 'error' || model.error) {
    return (
      <div className="vre-ResultsSummary vre-mod-error" role="alert">
        <span className="vre-ResultsSummary-text" title={model.error}>
          {model.error}
        </span>
        <Button small minimal onClick={() => void model.load()}>
          {trans.__('Retry')}
        </Button>
      </div>
    );
  }
  if (model.state === 'loading' && model.secrets.length === 0) {
    return <p className="vre-Message">{trans.__('Loading secrets…')}</p>;
  }
  if (model.secrets.length === 0) {
    return <p className="vre-Message">{trans.__('No secrets yet.')}</p>;
  }
  return (
    <ul className="vre-SecretList" aria-label={trans.__('Secrets')}>
      {model.secrets.map(secret => (
        <li
          key={secret.name}
          className="vre-SecretList-item"
          data-secret={secret.name}
        >
          <span className="vre-SecretList-name">{secret.name}</span>
          <span className="vre-SecretList-type">
            {secret.type === 'file'
              ? trans.__('file')
              : secret.type === 'env'
                ? trans.__('environment variable')
                : secret.type}
          </span>
          <Button
            small
            minimal
            aria-label={trans.__('Delete secret %1', secret.name)}
            title={trans.__('Delete secret %1', secret.name)}
            onClick={() => {
              void confirmDelete(props, secret.name);
            }}
          >
            {trans.__('Delete')}
          </Button>
        </li>
      ))}
    </ul>
  );
}

async function confirmDelete(
  props: ISecretsViewProps,
  name: string
): Promise<void> {
  const { model, trans } = props;
  const answer = await showDialog({
    title: trans.__('Delete secret %1?', name),
    body: trans.__('Workflows that use it will fail until it is added again.'),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.warnButton({ label: trans.__('Delete') })
    ]
  });
  if (answer.button.accept) {
    await model.remove(name);
  }
}

/**
 * Where a secret's value comes from in the form.
 */
type Source = 'value' | 'file';

function AddSecretForm(props: ISecretsViewProps): React.ReactElement {
  const { model, trans } = props;
  const [name, setName] = React.useState('');
  const [source, setSource] = React.useState<Source>('value');
  const [value, setValue] = React.useState('');
  const [path, setPath] = React.useState('');
  const [type, setType] = React.useState<SecretType>('env');
  const [overwrite, setOverwrite] = React.useState(false);
  const ready =
    name.trim() !== '' &&
    (source === 'value' ? value !== '' : path.trim() !== '');
  return (
    <form
      className="vre-SecretForm"
      data-testid="vre-reana-secret-form"
      autoComplete="off"
      onSubmit={event => {
        event.preventDefault();
        const secret =
          source === 'value'
            ? { name, value, type, overwrite }
            : { name, path, type, overwrite };
        // The value is in the request only.
        setValue('');
        void model.add(secret).then(added => {
          if (added) {
            setName('');
            setPath('');
            setOverwrite(false);
          }
        });
      }}
    >
      <h4 className="vre-DIDView-heading">{trans.__('Add a secret')}</h4>
      <div className="vre-SearchForm-row">
        <label className="vre-Field">
          <span className="vre-Field-label">{trans.__('Name')}</span>
          <InputGroup
            data-testid="vre-reana-secret-name"
            aria-label={trans.__('Secret name')}
            placeholder={trans.__('e.g. CERN_USER')}
            value={name}
            onChange={event => setName(event.currentTarget.value)}
          />
        </label>
        <label className="vre-Field">
          <span className="vre-Field-label">{trans.__('Type')}</span>
          <HTMLSelect
            aria-label={trans.__('Secret type')}
            data-testid="vre-reana-secret-type"
            value={type}
            onChange={event => setType(event.currentTarget.value as SecretType)}
            options={[
              { value: 'env', label: trans.__('environment variable') },
              { value: 'file', label: trans.__('file') }
            ]}
          />
        </label>
      </div>
      <div
        className="vre-SecretForm-source"
        role="radiogroup"
        aria-label={trans.__('Where the value comes from')}
      >
        <label>
          <input
            type="radio"
            name="vre-secret-source"
            checked={source === 'value'}
            onChange={() => setSource('value')}
          />
          {trans.__('Value')}
        </label>
        <label>
          <input
            type="radio"
            name="vre-secret-source"
            checked={source === 'file'}
            onChange={() => setSource('file')}
          />
          {trans.__('File in the lab')}
        </label>
      </div>
      {source === 'value' ? (
        <label className="vre-Field">
          <span className="vre-Field-label">{trans.__('Value')}</span>
          <InputGroup
            type="password"
            autoComplete="off"
            data-testid="vre-reana-secret-value"
            aria-label={trans.__('Secret value')}
            value={value}
            onChange={event => setValue(event.currentTarget.value)}
          />
        </label>
      ) : (
        <label className="vre-Field">
          <span className="vre-Field-label">{trans.__('File')}</span>
          <InputGroup
            data-testid="vre-reana-secret-path"
            aria-label={trans.__('Secret file path')}
            placeholder={trans.__('Path relative to the server root')}
            value={path}
            onChange={event => setPath(event.currentTarget.value)}
          />
        </label>
      )}
      <label className="vre-Checkbox">
        <input
          type="checkbox"
          checked={overwrite}
          onChange={event => setOverwrite(event.currentTarget.checked)}
        />
        {trans.__('Replace a secret of the same name')}
      </label>
      {model.addError && (
        <p className="vre-Message vre-mod-error" role="alert">
          {model.addError}
        </p>
      )}
      <Button
        type="submit"
        className="jp-mod-styled jp-mod-accept"
        disabled={!ready || model.adding}
      >
        {model.adding ? trans.__('Adding…') : trans.__('Add secret')}
      </Button>
    </form>
  );
}
