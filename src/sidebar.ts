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
import { AccordionPanel, Panel, Widget } from '@lumino/widgets';

import { HandshakeStatus } from './components/handshakestatus';
import { HandshakeModel } from './handshake';
import { vreIcon } from './icons';
import { IVRESidebar } from './tokens';

/**
 * The id of the VRE side panel.
 */
export const SIDEBAR_ID = 'vre-lab-sidebar';

/**
 * The VRE side panel.
 */
export class VRESidebar extends SidePanel implements IVRESidebar {
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

  /**
   * Add a section, ordered by rank (lower first; equal ranks keep the order
   * in which they were added).
   */
  addSection(widget: Widget, rank = DEFAULT_RANK): void {
    Private.ranks.set(widget, rank);
    const index = this.widgets.findIndex(
      other => (Private.ranks.get(other) ?? DEFAULT_RANK) > rank
    );
    if (index < 0) {
      this.addWidget(widget);
    } else {
      this.insertWidget(index, widget);
    }
  }

  /**
   * Expand a section if it is collapsed.
   */
  expandSection(widget: Widget): void {
    const index = this.widgets.indexOf(widget);
    const content = this.content;
    if (index < 0 || !(content instanceof AccordionPanel)) {
      return;
    }
    const title = content.titles[index];
    if (title && !title.classList.contains('lm-mod-expanded')) {
      content.expand(index);
    }
  }
}

/**
 * The rank of a section added without one (after the others).
 */
const DEFAULT_RANK = 1000;

namespace Private {
  export const ranks = new WeakMap<Widget, number>();
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
