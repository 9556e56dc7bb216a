/**
 * The VRE side panel: the handshake status on top, then one collapsible
 * section per service, added with `addWidget`.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import {
  refreshIcon,
  SidePanel,
  ToolbarButton
} from '@jupyterlab/ui-components';
import { Panel, Widget } from '@lumino/widgets';

import { HandshakeStatus } from './components/handshakestatus';
import { HandshakeModel } from './handshake';
import { vreIcon } from './icons';

/**
 * The id of the VRE side panel.
 */
export const SIDEBAR_ID = 'vre-lab-sidebar';

/**
 * The VRE side panel.
 */
export class VRESidebar extends SidePanel {
  constructor(options: VRESidebar.IOptions) {
    const trans = options.trans ?? nullTranslator.load('vre_lab');
    super({ header: new Panel() });
    this.id = SIDEBAR_ID;
    this.addClass('vre-Sidebar');
    this.node.dataset.testid = SIDEBAR_ID;
    this.title.icon = vreIcon;
    this.title.caption = trans.__('Virtual Research Environment');

    const heading = new Widget({ node: document.createElement('h2') });
    heading.node.textContent = trans.__('Virtual Research Environment');
    heading.addClass('vre-Sidebar-title');
    this.header.addClass('vre-Sidebar-header');
    this.header.addWidget(heading);
    this.header.addWidget(
      new HandshakeStatus({ model: options.handshake, trans })
    );

    this.toolbar.addItem(
      'refresh',
      new ToolbarButton({
        icon: refreshIcon,
        tooltip: trans.__('Check the vre-lab server again'),
        onClick: () => {
          void options.handshake.refresh();
        }
      })
    );
  }
}

/**
 * The namespace for `VRESidebar` statics.
 */
export namespace VRESidebar {
  export interface IOptions {
    handshake: HandshakeModel;
    trans?: TranslationBundle;
  }
}
