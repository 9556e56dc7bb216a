/**
 * The handshake's state, shown at the top of the VRE side panel only when
 * something is wrong (a server that answers well needs no box).
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { Button, ReactWidget, UseSignal } from '@jupyterlab/ui-components';
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
    const quiet = state === 'ok' || state === 'checking';
    return (
      <div
        className={`vre-HandshakeStatus-body vre-mod-${state}`}
        data-testid="vre-lab-handshake"
        data-state={state}
        role={quiet ? 'status' : 'alert'}
        hidden={quiet}
        title={quiet ? model.message : undefined}
      >
        <span className="vre-HandshakeStatus-label">{this._label(state)}</span>
        <span className="vre-HandshakeStatus-message">{model.message}</span>
        {!quiet && (
          <Button
            small
            className="jp-mod-styled vre-HandshakeStatus-retry"
            data-testid="vre-lab-handshake-retry"
            title={this._trans.__('Check the vre-lab server again')}
            onClick={() => void model.refresh()}
          >
            {this._trans.__('Check again')}
          </Button>
        )}
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
