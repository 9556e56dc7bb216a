/**
 * The model of the Publish section (Zenodo / InvenioRDM).
 */
import { HandshakeModel } from '../handshake';
import { ServiceModel } from '../components/servicemodel';

/**
 * The state of the Publish section.
 */
export class PublishModel extends ServiceModel {
  constructor(options: PublishModel.IOptions) {
    super({ service: 'publish', handshake: options.handshake });
  }
}

/**
 * The namespace for `PublishModel` statics.
 */
export namespace PublishModel {
  export interface IOptions {
    handshake: HandshakeModel;
  }
}
