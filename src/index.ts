import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { requestAPI } from './api';
import { dismissKey, setKey } from './components/notify';
import { deepLinksPlugin } from './deeplinks';
import { HandshakeModel } from './handshake';
import { vreIcon } from './icons';
import { kernelMagicsPlugin } from './kernel/magics';
import { workflowsPlugin } from './reana/plugin';
import { dataPlugin } from './rucio/plugin';
import { SIDEBAR_ID, VRESidebar } from './sidebar';
import { IVRELab, IVRESidebar } from './tokens';
import { publishPlugin } from './zenodo/plugin';

export * from './api';
export * from './handshake';
export * from './tokens';

/**
 * The command ids of vre-lab.
 */
export namespace CommandIDs {
  export const open = 'vre-lab:open';
}

/**
 * The id of the core plugin; `schema/plugin.json` holds its settings.
 */
const CORE_PLUGIN_ID = 'vre-lab:plugin';

/**
 * The core: the REST client and the version handshake, shared by every
 * vre-lab plugin through the `IVRELab` token.
 */
const corePlugin: JupyterFrontEndPlugin<IVRELab> = {
  id: CORE_PLUGIN_ID,
  description: 'The vre-lab core: REST client and server version handshake.',
  autoStart: true,
  provides: IVRELab,
  optional: [ITranslator, ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    translator: ITranslator | null,
    settingRegistry: ISettingRegistry | null
  ): IVRELab => {
    const trans = (translator ?? nullTranslator).load('vre_lab');
    const serverSettings = app.serviceManager.serverSettings;
    const request = <T>(endpoint: string, init?: RequestInit): Promise<T> =>
      requestAPI<T>(endpoint, init, serverSettings, trans);
    const handshake = new HandshakeModel({ serverSettings, trans });

    notifyProblems(handshake);
    handshake.refreshInterval = DEFAULT_REFRESH_SECONDS;
    void handshake.refresh();

    if (settingRegistry) {
      settingRegistry
        .load(CORE_PLUGIN_ID)
        .then(settings => {
          const apply = (): void => {
            handshake.refreshInterval = settings.get('statusRefreshSeconds')
              .composite as number;
          };
          apply();
          settings.changed.connect(apply);
        })
        .catch(reason => {
          console.error('vre-lab: failed to load settings.', reason);
        });
    }

    return { handshake, serverSettings, request };
  }
};

/**
 * The VRE side panel; the Data, Workflows and Publish plugins add their
 * sections.
 */
const sidebarPlugin: JupyterFrontEndPlugin<IVRESidebar> = {
  id: 'vre-lab:sidebar',
  description: 'The VRE side panel: Data, Workflows and Publish.',
  autoStart: true,
  provides: IVRESidebar,
  requires: [IVRELab],
  optional: [ITranslator, ILayoutRestorer, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    vre: IVRELab,
    translator: ITranslator | null,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null
  ): IVRESidebar => {
    const trans = (translator ?? nullTranslator).load('vre_lab');
    const handshake = vre.handshake;

    const sidebar = new VRESidebar({ handshake, trans });
    app.shell.add(sidebar, 'left', { rank: 850, type: 'VRE' });
    restorer?.add(sidebar, SIDEBAR_ID);

    app.commands.addCommand(CommandIDs.open, {
      label: trans.__('Open VRE panel'),
      caption: trans.__('Show the Virtual Research Environment side panel'),
      icon: args => (args['isPalette'] ? undefined : vreIcon),
      describedBy: { args: { type: 'object', properties: {} } },
      execute: () => {
        app.shell.activateById(SIDEBAR_ID);
      }
    });
    palette?.addItem({ command: CommandIDs.open, category: trans.__('VRE') });
    return sidebar;
  }
};

/**
 * Seconds between status refreshes until the settings are loaded.
 */
const DEFAULT_REFRESH_SECONDS = 60;

/**
 * What the handshake's notification is filed under.
 */
const HANDSHAKE_NOTIFICATION = 'vre-lab:handshake';

/**
 * Tell the user, once per new problem, when the handshake goes wrong (the
 * notification stays until closed, or until the server answers well again).
 */
function notifyProblems(handshake: HandshakeModel): void {
  let lastNotified = '';
  handshake.changed.connect(() => {
    const key = `${handshake.state}:${handshake.message}`;
    if (handshake.state === 'checking') {
      return;
    }
    if (handshake.state === 'ok') {
      lastNotified = '';
      dismissKey(HANDSHAKE_NOTIFICATION);
      return;
    }
    if (key === lastNotified) {
      return;
    }
    lastNotified = key;
    // A version mismatch stays as well: the panel may misbehave until fixed.
    const id = Notification.emit(
      handshake.message,
      handshake.state === 'mismatch' ? 'warning' : 'error',
      { autoClose: false }
    );
    dismissKey(HANDSHAKE_NOTIFICATION);
    setKey(HANDSHAKE_NOTIFICATION, id);
  });
}

export default [
  corePlugin,
  sidebarPlugin,
  dataPlugin,
  workflowsPlugin,
  publishPlugin,
  kernelMagicsPlugin,
  deepLinksPlugin
];
