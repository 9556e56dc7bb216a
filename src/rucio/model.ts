/**
 * The model of the Data section (Rucio).
 */
import { HandshakeModel } from '../handshake';
import { ServiceModel } from '../components/servicemodel';

/**
 * The state of the Data section.
 */
export class DataModel extends ServiceModel {
  constructor(options: DataModel.IOptions) {
    super({ service: 'data', handshake: options.handshake });
  }
}

/**
 * The namespace for `DataModel` statics.
 */
export namespace DataModel {
  export interface IOptions {
    handshake: HandshakeModel;
  }
}
