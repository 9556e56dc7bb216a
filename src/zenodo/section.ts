/**
 * The Publish section of the VRE side panel (Zenodo / InvenioRDM).
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { HandshakeModel } from '../handshake';
import { ServiceSection } from '../components/servicesection';
import { PublishModel } from './model';

/**
 * The Publish section.
 */
export class PublishSection extends ServiceSection<PublishModel> {
  constructor(options: PublishSection.IOptions) {
    const trans = options.trans ?? nullTranslator.load('vre_lab');
    super({
      model: new PublishModel({ handshake: options.handshake }),
      label: trans.__('Publish'),
      description: trans.__(
        'Publish code, notebooks and results to Zenodo or another InvenioRDM repository and get a DOI.'
      ),
      trans
    });
  }
}

/**
 * The namespace for `PublishSection` statics.
 */
export namespace PublishSection {
  export interface IOptions {
    /** The handshake whose server status the section shows. */
    handshake: HandshakeModel;
    trans?: TranslationBundle;
  }
}
