/**
 * The top of the Publish section: which repository, who we are there, and
 * entering or forgetting a token. The token field is cleared the moment the
 * form is sent; the token is never shown back.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import {
  ConnectionStatus,
  forgetTokenAction
} from '../components/connectionstatus';
import { EndpointPicker } from '../components/endpointpicker';
import { TokenForm } from '../components/tokenform';
import { RepositoryModel } from './repositorymodel';

export interface IRepositoryBarProps {
  model: RepositoryModel;
  trans: TranslationBundle;
}

/**
 * The repository selector, the status line and, when needed, the token form.
 */
export function RepositoryBar(props: IRepositoryBarProps): React.ReactElement {
  const { model, trans } = props;
  return (
    <UseSignal signal={model.changed}>
      {() => (
        <div className="vre-ServerBar vre-RepositoryBar">
          {model.repositories.length > 0 && (
            <EndpointPicker
              label={trans.__('Repository')}
              ariaLabel={trans.__('Repository')}
              testId="vre-publish-repository"
              value={model.repository?.name ?? ''}
              onSelect={name => void model.select(name)}
              options={model.repositories.map(repository => ({
                value: repository.name,
                label: model.label(repository.name)
              }))}
            />
          )}
          <StatusLine {...props} />
          {model.state === 'token' && (
            <TokenForm
              model={model}
              testId="vre-publish-token-form"
              inputName="publish-token"
              inputTestId="vre-publish-token"
              ariaLabel={trans.__('Repository access token')}
              placeholder={trans.__('A personal access token')}
              hint={
                model.repository?.url
                  ? trans.__(
                      'Create one on %1 under Applications → Personal access tokens (scopes deposit:write and deposit:actions).',
                      model.repository?.url
                    )
                  : null
              }
              submitTitle={trans.__(
                'Check the token with the repository and keep it'
              )}
              trans={trans}
            />
          )}
        </div>
      )}
    </UseSignal>
  );
}

function StatusLine(props: IRepositoryBarProps): React.ReactElement {
  const { model, trans } = props;
  const repository = model.repository;
  const title = repository ? model.label(repository.name) : '';
  let text: string;
  switch (model.state) {
    case 'loading':
      text = trans.__('Looking for repositories…');
      break;
    case 'offline':
      text = trans.__(
        'No repository: the form exports an RO-Crate zip into your files, to upload later.'
      );
      break;
    case 'connecting':
      text = trans.__('Connecting to %1…', title);
      break;
    case 'connected': {
      const user = model.whoami?.user;
      const name = user?.full_name || '';
      const login = user?.username || '';
      const who =
        name && login && name !== login
          ? `${name} (${login})`
          : name || login || '';
      text = who
        ? trans.__('Connected as %1', who)
        : trans.__('Connected to %1', title);
      break;
    }
    case 'token':
      text =
        model.tokenReason === 'credentials_rejected'
          ? trans.__('%1 rejected the token. Enter a new one.', title)
          : trans.__('Enter your personal access token for %1.', title);
      break;
    default:
      text = model.message;
  }
  return (
    <ConnectionStatus
      model={model}
      text={text}
      testId="vre-publish-connection"
      textTitle={repository?.url ?? ''}
      retryTitle={trans.__('Try again')}
      forget={
        model.canForgetToken
          ? forgetTokenAction(trans, title, 'vre-publish-forget-token', () => {
              void model.forgetToken();
            })
          : null
      }
      trans={trans}
    />
  );
}
