/**
 * The top of the Workflows section: which server, who we are there, and
 * entering or forgetting a REANA token. The token field is cleared the
 * moment the form is sent; the token is never shown back.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { TokenConnectionBar } from '../components/connectionbar';
import { ServerModel } from './servermodel';
import { IReanaServer } from './types';

/**
 * The properties of the server views.
 */
export interface IServerBarProps {
  model: ServerModel;
  trans: TranslationBundle;
}

/**
 * The server selector, the status line and, when needed, the token form.
 */
export function ServerBar(props: IServerBarProps): React.ReactElement {
  const { model, trans } = props;
  const name = (server: IReanaServer): string =>
    server.kind === 'local'
      ? server.display_name || trans.__('This machine')
      : server.display_name || server.name;
  return (
    <TokenConnectionBar
      model={model}
      className="vre-ServerBar"
      testId="vre-reana"
      picker={{
        name: 'server',
        label: trans.__('Server'),
        ariaLabel: trans.__('Workflow server'),
        optionLabel: name
      }}
      address={server => server.url ?? ''}
      texts={title => {
        const user = model.whoami?.user;
        const who = user?.full_name || user?.username || user?.email || '';
        return {
          loading: trans.__('Looking for workflow servers…'),
          offline: trans.__('Workflows run on this machine (local engine).'),
          connected: who
            ? trans.__('Connected as %1 on %2', who, title)
            : trans.__('Connected to %1', title),
          credentials: trans.__('Enter your REANA access token for %1.', title)
        };
      }}
      token={{
        inputName: 'reana-token',
        ariaLabel: trans.__('REANA access token'),
        placeholder: trans.__('From your REANA profile page'),
        hint: model.server?.url
          ? trans.__('Find it on %1 under "Your profile".', model.server.url)
          : null
      }}
      trans={trans}
    />
  );
}
