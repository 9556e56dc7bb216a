/**
 * The model of the Workflows section (REANA).
 */
import { HandshakeModel } from '../handshake';
import { ServiceModel } from '../components/servicemodel';

/**
 * The state of the Workflows section.
 */
export class WorkflowsModel extends ServiceModel {
  constructor(options: WorkflowsModel.IOptions) {
    super({ service: 'workflows', handshake: options.handshake });
  }
}

/**
 * The namespace for `WorkflowsModel` statics.
 */
export namespace WorkflowsModel {
  export interface IOptions {
    handshake: HandshakeModel;
  }
}
