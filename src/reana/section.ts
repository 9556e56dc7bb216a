/**
 * The Workflows section of the VRE side panel (REANA).
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { HandshakeModel } from '../handshake';
import { ServiceSection } from '../components/servicesection';
import { WorkflowsModel } from './model';

/**
 * The Workflows section.
 */
export class WorkflowsSection extends ServiceSection<WorkflowsModel> {
  constructor(options: WorkflowsSection.IOptions) {
    const trans = options.trans ?? nullTranslator.load('vre_lab');
    super({
      model: new WorkflowsModel({ handshake: options.handshake }),
      label: trans.__('Workflows'),
      description: trans.__(
        'Run your analysis as a reproducible REANA workflow, locally or on a cluster, and follow its progress.'
      ),
      trans
    });
  }
}

/**
 * The namespace for `WorkflowsSection` statics.
 */
export namespace WorkflowsSection {
  export interface IOptions {
    /** The handshake whose server status the section shows. */
    handshake: HandshakeModel;
    trans?: TranslationBundle;
  }
}
