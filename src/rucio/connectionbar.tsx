/**
 * The top of the Data section: which Rucio instance, who we are there, and
 * logging out.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { Button, HTMLSelect, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { ConnectionModel } from './connectionmodel';

/**
 * The properties of `ConnectionBar`.
 */
export interface IConnectionBarProps {
  model: ConnectionModel;
  trans: TranslationBundle;
}

/**
 * The instance selector and the connection's status line.
 */
export function ConnectionBar(props: IConnectionBarProps): React.ReactElement {
  const { model, trans } = props;
  return (
    <UseSignal signal={model.changed}>
      {() => (
        <div className="vre-ConnectionBar">
          {model.instances.length > 1 && (
            <label className="vre-Field vre-ConnectionBar-instance">
              <span className="vre-Field-label">{trans.__('Instance')}</span>
              <HTMLSelect
                aria-label={trans.__('Rucio instance')}
                data-testid="vre-rucio-instance"
                value={model.instance?.name ?? ''}
                onChange={event => {
                  void model.select(event.currentTarget.value);
                }}
                options={model.instances.map(instance => ({
                  value: instance.name,
                  label: instance.display_name || instance.name
                }))}
              />
            </label>
          )}
          <StatusLine model={model} trans={trans} />
        </div>
      )}
    </UseSignal>
  );
}

function StatusLine(props: IConnectionBarProps): React.ReactElement {
  const { model, trans } = props;
  // Re-render every half minute, so the token's time left stays true.
  const [, setTick] = React.useState(0);
  React.useEffect(() => {
    const timer = setInterval(() => setTick(tick => tick + 1), 30000);
    return () => clearInterval(timer);
  }, []);
  const instance = model.instance;
  const title = instance ? instance.display_name || instance.name : '';
  let text: string;
  let kind: string = model.state;
  switch (model.state) {
    case 'loading':
      text = trans.__('Looking for Rucio instances…');
      break;
    case 'none':
      text = trans.__(
        'No Rucio instance is configured. Ask your administrator, or set RUCIO_CONFIG before starting JupyterLab.'
      );
      break;
    case 'connecting':
      text = trans.__('Connecting to %1…', title);
      break;
    case 'connected': {
      const account = model.whoami?.account ?? '';
      const minutes = model.tokenMinutesLeft;
      text =
        minutes === null
          ? trans.__('Connected as %1 on %2', account, title)
          : trans.__(
              'Connected as %1 on %2 · token %3 min left',
              account,
              title,
              minutes
            );
      break;
    }
    case 'login':
      text =
        model.loginReason === 'credentials_rejected'
          ? trans.__('%1 rejected the credentials. Log in again.', title)
          : trans.__('Log in to %1.', title);
      break;
    default:
      kind = 'error';
      text = model.message;
  }
  return (
    <div
      className={`vre-ConnectionBar-status vre-mod-${kind}`}
      data-testid="vre-rucio-connection"
      data-state={model.state}
      role={kind === 'error' ? 'alert' : 'status'}
    >
      <span className="vre-ConnectionBar-text">{text}</span>
      {model.state === 'error' && (
        <Button
          small
          minimal
          onClick={() => {
            void (model.instance ? model.connect() : model.load());
          }}
        >
          {trans.__('Retry')}
        </Button>
      )}
      {model.state === 'connected' && model.canLogOut && (
        <Button
          small
          minimal
          data-testid="vre-rucio-logout"
          title={trans.__('Forget the credentials you typed for %1', title)}
          onClick={() => {
            void model.logout();
          }}
        >
          {trans.__('Log out')}
        </Button>
      )}
    </div>
  );
}
