/**
 * The part of a service section's view that every service shares: what the
 * service will do, and whether the server has it configured. Once it is
 * configured, both go to the section title's tooltip, and the section gives
 * its room to the work.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { LabIcon, UseSignal, VDomRenderer } from '@jupyterlab/ui-components';
import { ISignal } from '@lumino/signaling';
import * as React from 'react';

import { ServiceModel } from './servicemodel';

/**
 * A section of the VRE side panel for one service. It owns its model.
 */
export class ServiceSection<
  T extends ServiceModel = ServiceModel
> extends VDomRenderer<T> {
  constructor(options: ServiceSection.IOptions<T>) {
    super(options.model);
    this._description = options.description;
    this._trans = options.trans ?? nullTranslator.load('vre_lab');
    this.id = `vre-lab-${options.model.service}`;
    this.addClass('vre-ServiceSection');
    this.node.dataset.testid = this.id;
    this._label = options.label;
    this.title.label = options.label;
    options.model.stateChanged.connect(this._updateCaption, this);
    this._updateCaption();
    if (options.icon) {
      this.title.icon = options.icon;
    }
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    const model = this.model;
    super.dispose();
    model.dispose();
  }

  protected render(): React.ReactElement {
    return this.renderBody('');
  }

  /**
   * Render what the service does and its status; once the server has
   * answered, the bar choosing where it connects (a server, a repository)
   * and, re-rendered whenever that changes, the rest.
   */
  protected renderBody(
    className: string,
    endpoint?: ServiceSection.IEndpointParts
  ): React.ReactElement {
    const model = this.model;
    const ready =
      endpoint !== undefined &&
      model.handshakeState === 'ok' &&
      model.status !== null;
    const configured =
      model.handshakeState === 'ok' && model.status?.configured === true;
    return (
      <div className={`vre-ServiceSection-body ${className}`}>
        {!configured && (
          <>
            <p className="vre-ServiceSection-description">
              {this._description}
            </p>
            {this.renderStatus()}
          </>
        )}
        {ready && (
          <>
            {endpoint.bar}
            <UseSignal signal={endpoint.changed}>{endpoint.render}</UseSignal>
          </>
        )}
      </div>
    );
  }

  /**
   * Render the service's configuration status.
   */
  protected renderStatus(): React.ReactElement {
    const trans = this._trans;
    const state = this.model.handshakeState;
    const status = this.model.status;
    if (state === 'checking') {
      return (
        <p
          className="vre-ServiceSection-status"
          data-testid="vre-lab-service-status"
        >
          {trans.__('Checking…')}
        </p>
      );
    }
    if (!status) {
      return (
        <p
          className="vre-ServiceSection-status vre-mod-unavailable"
          data-testid="vre-lab-service-status"
        >
          {trans.__(
            'Unavailable: the vre-lab server extension did not answer.'
          )}
        </p>
      );
    }
    return (
      <div
        className="vre-ServiceSection-status"
        data-testid="vre-lab-service-status"
        data-configured={status.configured ? 'true' : 'false'}
      >
        <span
          className={`vre-Badge ${
            status.configured ? 'vre-mod-configured' : 'vre-mod-unconfigured'
          }`}
        >
          {status.configured
            ? trans.__('Configured')
            : trans.__('Not configured')}
        </span>
        {status.summary && (
          <span className="vre-ServiceSection-summary">{status.summary}</span>
        )}
      </div>
    );
  }

  /**
   * The title's tooltip: what the section does and, once the server said,
   * where it connects.
   */
  private _updateCaption(): void {
    const summary = this.model.status?.summary;
    const caption = `${this._label}: ${this._description}`;
    this.title.caption = summary ? `${caption}\n${summary}` : caption;
  }

  protected _description: string;
  protected _trans: TranslationBundle;
  private _label: string;
}

/**
 * The namespace for `ServiceSection` statics.
 */
export namespace ServiceSection {
  /**
   * The parts of a section shown once the service answered.
   */
  export interface IEndpointParts {
    /** The bar choosing where the service connects. */
    bar: React.ReactElement;
    /** Emitted when the connection changes. */
    changed: ISignal<unknown, void>;
    /** Renders the rest of the section. */
    render: () => React.ReactElement | null;
  }

  export interface IOptions<T extends ServiceModel> {
    /** The section's model; the section disposes it. */
    model: T;
    /** The section title. */
    label: string;
    /** One sentence on what the service does for the user. */
    description: string;
    icon?: LabIcon;
    trans?: TranslationBundle;
  }
}
