/**
 * The top of the Data section: which Rucio instance, who we are there, and
 * logging out.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { ConnectionStatus } from '../components/connectionstatus';
import { EndpointPicker } from '../components/endpointpicker';
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
            <EndpointPicker
              className="vre-ConnectionBar-instance"
              label={trans.__('Instance')}
              ariaLabel={trans.__('Rucio instance')}
              testId="vre-rucio-instance"
              value={model.instance?.name ?? ''}
              onSelect={name => void model.select(name)}
              options={model.instances.map(instance => ({
                value: instance.name,
                label: instance.display_name || instance.name
              }))}
            />
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
      text = model.message;
  }
  return (
    <ConnectionStatus
      model={model}
      text={text}
      testId="vre-rucio-connection"
      forget={
        model.canLogOut
          ? {
              label: trans.__('Log out'),
              title: trans.__('Forget the credentials you typed for %1', title),
              testId: 'vre-rucio-logout',
              onClick: () => void model.logout()
            }
          : null
      }
      trans={trans}
    />
  );
}
