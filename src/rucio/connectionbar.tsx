/**
 * The top of the Data section: which Rucio instance, who we are there, and
 * logging out.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { ConnectionBar as Bar } from '../components/connectionbar';
import { ConnectionModel } from './connectionmodel';

/**
 * The properties of `ConnectionBar`.
 */
export interface IConnectionBarProps {
  model: ConnectionModel;
  trans: TranslationBundle;
}

/**
 * The instance selector and the connection's status line (re-rendered
 * every half minute, so the token's time left stays true).
 */
export function ConnectionBar(props: IConnectionBarProps): React.ReactElement {
  const { model, trans } = props;
  return (
    <Bar
      model={model}
      className="vre-ConnectionBar"
      testId="vre-rucio"
      picker={{
        name: 'instance',
        label: trans.__('Instance'),
        ariaLabel: trans.__('Rucio instance')
      }}
      texts={title => {
        const account = model.whoami?.account ?? '';
        const minutes = model.tokenMinutesLeft;
        return {
          loading: trans.__('Looking for Rucio instances…'),
          offline: trans.__(
            'No Rucio instance is configured. Ask your administrator, or set RUCIO_CONFIG before starting JupyterLab.'
          ),
          connected:
            minutes === null
              ? trans.__('Connected as %1 on %2', account, title)
              : trans.__(
                  'Connected as %1 on %2 · token %3 min left',
                  account,
                  title,
                  minutes
                ),
          credentials:
            model.loginReason === 'credentials_rejected'
              ? trans.__('%1 rejected the credentials. Log in again.', title)
              : trans.__('Log in to %1.', title)
        };
      }}
      forget={title =>
        model.canLogOut
          ? {
              label: trans.__('Log out'),
              title: trans.__('Forget the credentials you typed for %1', title),
              testId: 'vre-rucio-logout',
              onClick: () => void model.logout()
            }
          : null
      }
      refreshEvery={30000}
      trans={trans}
    />
  );
}
