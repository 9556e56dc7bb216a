/**
 * The VRE side panel: one collapsible section per service, added with
 * `addSection`, one open at a time (the first one at start) so that the open
 * one has the panel's height; on top, the handshake with the server
 * extension, shown only when something is wrong.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { SidePanel } from '@jupyterlab/ui-components';
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

    const content = this.content;
    if (content instanceof AccordionPanel) {
      content.expansionToggled.connect(this._onExpansionToggled, this);
    }
  }

  /**
   * The section that is open, if any.
   */
  get expandedSection(): Widget | null {
    return this.widgets.find(widget => !widget.isHidden) ?? null;
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
    // Until the user opens one, the first section (by rank) is the open one.
    if (!this._chosen) {
      const first = this.widgets[0];
      if (first) {
        this._expandOnly(first);
      }
    } else {
      this._collapse(widget);
    }
  }

  /**
   * Expand a section if it is collapsed (the others fold).
   */
  expandSection(widget: Widget): void {
    this._chosen = true;
    this._expandOnly(widget);
  }

  /**
   * Expand one section and fold the others.
   */
  private _expandOnly(widget: Widget): void {
    const content = this.content;
    const index = this.widgets.indexOf(widget);
    if (index < 0 || !(content instanceof AccordionPanel)) {
      return;
    }
    if (widget.isHidden) {
      content.expand(index);
    }
    // Expanding emits expansionToggled, which folds the others; fold them
    // also when it was open already.
    this._collapseOthers(content, index);
  }

  private _collapse(widget: Widget): void {
    const content = this.content;
    const index = this.widgets.indexOf(widget);
    if (index < 0 || !(content instanceof AccordionPanel)) {
      return;
    }
    if (!widget.isHidden) {
      this._adjusting = true;
      try {
        content.collapse(index);
      } finally {
        this._adjusting = false;
      }
    }
  }

  private _collapseOthers(content: AccordionPanel, index: number): void {
    this._adjusting = true;
    try {
      content.widgets.forEach((widget, other) => {
        if (other !== index && !widget.isHidden) {
          content.collapse(other);
        }
      });
    } finally {
      this._adjusting = false;
    }
  }

  /**
   * A section was opened or folded (by the user, or by `expand`): opening
   * one folds the others.
   */
  private _onExpansionToggled(content: AccordionPanel, index: number): void {
    if (this._adjusting) {
      return;
    }
    if (content.widgets[index] && !content.widgets[index].isHidden) {
      this._chosen = true;
      this._collapseOthers(content, index);
    }
  }

  /** Whether a section was opened by the user (or a command). */
  private _chosen = false;
  /** Whether the panel itself is folding sections. */
  private _adjusting = false;
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
