/**
 * The top of the Workflows section: which server, who we are there, and
 * entering or forgetting a REANA token. The token field is cleared the
 * moment the form is sent; the token is never shown back.
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
import { ServerModel } from './servermodel';

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
  return (
    <UseSignal signal={model.changed}>
      {() => (
        <div className="vre-ServerBar">
          {model.servers.length > 1 && (
            <EndpointPicker
              className="vre-ServerBar-server"
              label={trans.__('Server')}
              ariaLabel={trans.__('Workflow server')}
              testId="vre-reana-server"
              value={model.server?.name ?? ''}
              onSelect={name => void model.select(name)}
              options={model.servers.map(server => ({
                value: server.name,
                label:
                  server.kind === 'local'
                    ? server.display_name || trans.__('This machine')
                    : server.display_name || server.name
              }))}
            />
          )}
          <StatusLine {...props} />
          {model.state === 'token' && (
            <TokenForm
              model={model}
              testId="vre-reana-token-form"
              inputName="reana-token"
              inputTestId="vre-reana-token"
              ariaLabel={trans.__('REANA access token')}
              placeholder={trans.__('From your REANA profile page')}
              hint={
                model.server?.url
                  ? trans.__(
                      'Find it on %1 under "Your profile".',
                      model.server?.url
                    )
                  : null
              }
              trans={trans}
            />
          )}
        </div>
      )}
    </UseSignal>
  );
}

function StatusLine(props: IServerBarProps): React.ReactElement {
  const { model, trans } = props;
  const server = model.server;
  const title = server ? server.display_name || server.name : '';
  let text: string;
  switch (model.state) {
    case 'loading':
      text = trans.__('Looking for workflow servers…');
      break;
    case 'local':
      text = trans.__('Workflows run on this machine (local engine).');
      break;
    case 'connecting':
      text = trans.__('Connecting to %1…', title);
      break;
    case 'connected': {
      const user = model.whoami?.user;
      const who = user?.full_name || user?.username || user?.email || '';
      text = who
        ? trans.__('Connected as %1 on %2', who, title)
        : trans.__('Connected to %1', title);
      break;
    }
    case 'token':
      text =
        model.tokenReason === 'credentials_rejected'
          ? trans.__('%1 rejected the token. Enter a new one.', title)
          : trans.__('Enter your REANA access token for %1.', title);
      break;
    default:
      text = model.message;
  }
  return (
    <ConnectionStatus
      model={model}
      text={text}
      testId="vre-reana-connection"
      textTitle={server?.url ?? ''}
      forget={
        model.canForgetToken
          ? forgetTokenAction(trans, title, 'vre-reana-forget-token', () => {
              void model.forgetToken();
            })
          : null
      }
      trans={trans}
    />
  );
}
