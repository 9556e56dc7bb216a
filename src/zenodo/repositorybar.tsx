/**
 * The top of the Publish section: which repository, who we are there, and
 * entering or forgetting a token. The token field is cleared the moment the
 * form is sent; the token is never shown back.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { TokenConnectionBar } from '../components/connectionbar';
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
    <TokenConnectionBar
      model={model}
      className="vre-ServerBar vre-RepositoryBar"
      testId="vre-publish"
      picker={{
        name: 'repository',
        label: trans.__('Repository'),
        showFrom: 1
      }}
      title={repository => model.label(repository.name)}
      address={repository => repository.url ?? ''}
      texts={title => {
        const user = model.whoami?.user;
        const name = user?.full_name || '';
        const login = user?.username || '';
        const who =
          name && login && name !== login
            ? `${name} (${login})`
            : name || login || '';
        return {
          loading: trans.__('Looking for repositories…'),
          offline: trans.__(
            'No repository: the form exports an RO-Crate zip into your files, to upload later.'
          ),
          connected: who
            ? trans.__('Connected as %1', who)
            : trans.__('Connected to %1', title),
          credentials: trans.__(
            'Enter your personal access token for %1.',
            title
          )
        };
      }}
      retryTitle={trans.__('Try again')}
      token={{
        inputName: 'publish-token',
        ariaLabel: trans.__('Repository access token'),
        placeholder: trans.__('A personal access token'),
        hint: model.repository?.url
          ? trans.__(
              'Create one on %1 under Applications → Personal access tokens (scopes deposit:write and deposit:actions).',
              model.repository.url
            )
          : null,
        submitTitle: trans.__('Check the token with the repository and keep it')
      }}
      trans={trans}
    />
  );
}
