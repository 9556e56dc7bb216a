/**
 * A workflow's detail as a main-area widget: room for its logs and
 * workspace. It owns its model: closing it stops the refreshes.
 */
import { MainAreaWidget } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, runIcon } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import * as React from 'react';

import { WorkflowDetailModel } from './workflowdetailmodel';
import {
  IWorkflowDetailActions,
  WorkflowDetailView
} from './workflowdetailview';

/**
 * The content of the detail widget.
 */
export class WorkflowDetailPanel extends ReactWidget {
  constructor(options: WorkflowDetailWidget.IOptions) {
    super();
    this.model = options.model;
    this._trans = options.trans;
    this._actions = options.actions;
    this.addClass('vre-WorkflowDetailPanel');
  }

  readonly model: WorkflowDetailModel;

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.model.dispose();
    super.dispose();
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this.model.visible = true;
  }

  protected onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    this.model.visible = false;
  }

  protected render(): React.ReactElement {
    return (
      <WorkflowDetailView
        model={this.model}
        trans={this._trans}
        actions={this._actions}
      />
    );
  }

  private _actions: IWorkflowDetailActions;
  private _trans: TranslationBundle;
}

/**
 * The detail of a workflow in the main area.
 */
export class WorkflowDetailWidget extends MainAreaWidget<WorkflowDetailPanel> {
  constructor(options: WorkflowDetailWidget.IOptions) {
    super({ content: new WorkflowDetailPanel(options) });
    const model = options.model;
    this.id = WorkflowDetailWidget.idFor(model.server, model.id);
    this.addClass('vre-WorkflowDetailWidget');
    this.title.icon = runIcon;
    this.title.closable = true;
    this._syncTitle();
    model.changed.connect(this._syncTitle, this);
    model.deleted.connect(this._onDeleted, this);
  }

  /**
   * The model of the workflow shown.
   */
  get model(): WorkflowDetailModel {
    return this.content.model;
  }

  private _syncTitle(): void {
    const model = this.content.model;
    this.title.label = model.label;
    this.title.caption = model.status
      ? `${model.label} (${model.status})`
      : model.label;
    this.node.dataset.status = model.status ?? '';
  }

  private _onDeleted(): void {
    this.close();
  }
}

/**
 * The namespace for `WorkflowDetailWidget` statics.
 */
export namespace WorkflowDetailWidget {
  export interface IOptions {
    /** The workflow's model; the widget disposes it. */
    model: WorkflowDetailModel;
    trans: TranslationBundle;
    actions: IWorkflowDetailActions;
  }

  /**
   * The widget id of a workflow's detail.
   */
  export function idFor(server: string, id: string): string {
    return `vre-reana-workflow-${server}-${id}`.replace(/[^A-Za-z0-9_-]/g, '_');
  }
}
