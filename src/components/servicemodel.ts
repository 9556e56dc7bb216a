/**
 * The part of a service section's model that every service shares: its entry
 * in the server's `GET status`, kept current from the handshake.
 */
import { VDomModel } from '@jupyterlab/ui-components';

import { IServiceStatus, ServiceName } from '../api';
import { HandshakeModel, HandshakeState } from '../handshake';

/**
 * A model of one vre-lab service (data, workflows or publish).
 */
export class ServiceModel extends VDomModel {
  constructor(options: ServiceModel.IOptions) {
    super();
    this.service = options.service;
    this.handshake = options.handshake;
    this.handshake.changed.connect(this._onHandshakeChanged, this);
  }

  /**
   * The service's name in the server's status.
   */
  readonly service: ServiceName;

  /**
   * The handshake this model follows.
   */
  readonly handshake: HandshakeModel;

  /**
   * Where the handshake stands.
   */
  get handshakeState(): HandshakeState {
    return this.handshake.state;
  }

  /**
   * The service's status from the server, or null when there is none.
   */
  get status(): IServiceStatus | null {
    return this.handshake.serverStatus?.services?.[this.service] ?? null;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.handshake.changed.disconnect(this._onHandshakeChanged, this);
    super.dispose();
  }

  private _onHandshakeChanged(): void {
    this.stateChanged.emit();
  }
}

/**
 * The namespace for `ServiceModel` statics.
 */
export namespace ServiceModel {
  export interface IOptions {
    service: ServiceName;
    handshake: HandshakeModel;
  }
}
