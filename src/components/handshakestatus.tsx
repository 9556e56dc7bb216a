/**
 * The handshake's state, shown at the top of the VRE side panel.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { HandshakeModel, HandshakeState } from '../handshake';

/**
 * A widget showing whether the vre-lab server extension answered, and how.
 */
export class HandshakeStatus extends ReactWidget {
  constructor(options: HandshakeStatus.IOptions) {
    super();
    this._model = options.model;
    this._trans = options.trans ?? nullTranslator.load('vre_lab');
    this.id = 'vre-lab-handshake';
    this.addClass('vre-HandshakeStatus');
  }

  protected render(): React.ReactElement {
    return (
      <UseSignal signal={this._model.changed}>
        {() => this._renderState()}
      </UseSignal>
    );
  }

  private _renderState(): React.ReactElement {
    const model = this._model;
    const state = model.state;
    return (
      <div
        className={`vre-HandshakeStatus-body vre-mod-${state}`}
        data-testid="vre-lab-handshake"
        data-state={state}
        role={state === 'ok' || state === 'checking' ? 'status' : 'alert'}
      >
        <span className="vre-HandshakeStatus-label">{this._label(state)}</span>
        <span className="vre-HandshakeStatus-message">{model.message}</span>
      </div>
    );
  }

  private _label(state: HandshakeState): string {
    const trans = this._trans;
    switch (state) {
      case 'checking':
        return trans.__('Checking');
      case 'ok':
        return trans.__('OK');
      case 'mismatch':
        return trans.__('Version mismatch');
      case 'missing':
        return trans.__('Not installed');
      default:
        return trans.__('Error');
    }
  }

  private _model: HandshakeModel;
  private _trans: TranslationBundle;
}

/**
 * The namespace for `HandshakeStatus` statics.
 */
export namespace HandshakeStatus {
  export interface IOptions {
    model: HandshakeModel;
    trans?: TranslationBundle;
  }
}
