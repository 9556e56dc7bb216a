/**
 * The top of the Workflows section: which server, who we are there, and
 * entering or forgetting a REANA token. The token field is cleared the
 * moment the form is sent; the token is never shown back.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import {
  Button,
  HTMLSelect,
  InputGroup,
  UseSignal
} from '@jupyterlab/ui-components';
import * as React from 'react';

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
            <label className="vre-Field vre-ServerBar-server">
              <span className="vre-Field-label">{trans.__('Server')}</span>
              <HTMLSelect
                aria-label={trans.__('Workflow server')}
                data-testid="vre-reana-server"
                value={model.server?.name ?? ''}
                onChange={event => {
                  void model.select(event.currentTarget.value);
                }}
                options={model.servers.map(server => ({
                  value: server.name,
                  label:
                    server.kind === 'local'
                      ? server.display_name || trans.__('This machine')
                      : server.display_name || server.name
                }))}
              />
            </label>
          )}
          <StatusLine {...props} />
          {model.state === 'token' && <TokenForm {...props} />}
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
  let kind: string = model.state;
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
      kind = 'error';
      text = model.message;
  }
  return (
    <div
      className={`vre-ConnectionBar-status vre-mod-${kind}`}
      data-testid="vre-reana-connection"
      data-state={model.state}
      role={kind === 'error' ? 'alert' : 'status'}
    >
      <span className="vre-ConnectionBar-text" title={server?.url ?? ''}>
        {text}
      </span>
      {model.state === 'error' && (
        <Button
          small
          minimal
          onClick={() => {
            void (model.server ? model.connect() : model.load());
          }}
        >
          {trans.__('Retry')}
        </Button>
      )}
      {model.state === 'connected' && model.canForgetToken && (
        <Button
          small
          minimal
          data-testid="vre-reana-forget-token"
          title={trans.__('Forget the token you entered for %1', title)}
          onClick={() => {
            void model.forgetToken();
          }}
        >
          {trans.__('Forget token')}
        </Button>
      )}
    </div>
  );
}

/**
 * The token form. The token lives in this field only until it is sent.
 */
function TokenForm(props: IServerBarProps): React.ReactElement {
  const { model, trans } = props;
  const [token, setToken] = React.useState('');
  const server = model.server;
  return (
    <form
      className="vre-TokenForm"
      data-testid="vre-reana-token-form"
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
          name="reana-token"
          autoComplete="off"
          data-testid="vre-reana-token"
          aria-label={trans.__('REANA access token')}
          placeholder={trans.__('From your REANA profile page')}
          value={token}
          disabled={model.submitting}
          onChange={event => setToken(event.currentTarget.value)}
        />
      </label>
      {server?.url && (
        <p className="vre-Message">
          {trans.__('Find it on %1 under "Your profile".', server.url)}
        </p>
      )}
      <Button
        type="submit"
        className="jp-mod-styled jp-mod-accept"
        disabled={model.submitting || token.trim() === ''}
      >
        {model.submitting ? trans.__('Checking…') : trans.__('Use token')}
      </Button>
    </form>
  );
}
