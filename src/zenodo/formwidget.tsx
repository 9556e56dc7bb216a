/**
 * A publish form in the main area, titled "Publish: <title>". It owns its
 * model.
 */
import { MainAreaWidget } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import { vreIcon } from '../icons';
import { PublishFormModel } from './formmodel';
import { IFormActions, PublishFormView } from './formview';

export class PublishFormPanel extends ReactWidget {
  constructor(options: PublishFormWidget.IOptions) {
    super();
    this.model = options.model;
    this._trans = options.trans;
    this._actions = options.actions;
    this.addClass('vre-PublishFormPanel');
  }

  readonly model: PublishFormModel;

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.model.dispose();
    super.dispose();
  }

  protected render(): React.ReactElement {
    return (
      <PublishFormView
        model={this.model}
        trans={this._trans}
        actions={this._actions}
      />
    );
  }

  private _actions: IFormActions;
  private _trans: TranslationBundle;
}

export class PublishFormWidget extends MainAreaWidget<PublishFormPanel> {
  constructor(options: PublishFormWidget.IOptions) {
    super({ content: new PublishFormPanel(options) });
    this.id = `vre-publish-form-${++formCount}`;
    this.addClass('vre-PublishFormWidget');
    this.title.icon = vreIcon;
    this.title.closable = true;
    this._trans = options.trans;
    this._syncTitle();
    options.model.changed.connect(this._syncTitle, this);
  }

  get model(): PublishFormModel {
    return this.content.model;
  }

  private _syncTitle(): void {
    const model = this.content.model;
    this.title.label = this._trans.__('Publish: %1', model.label);
    this.title.caption = this.title.label;
    this.node.dataset.phase = model.phase;
  }

  private _trans: TranslationBundle;
}

export namespace PublishFormWidget {
  export interface IOptions {
    /** The form's model; the widget disposes it. */
    model: PublishFormModel;
    trans: TranslationBundle;
    actions: IFormActions;
  }
}

/**
 * How many forms were opened (their ids).
 */
let formCount = 0;
