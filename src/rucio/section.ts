/**
 * The Data section of the VRE side panel (Rucio).
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { HandshakeModel } from '../handshake';
import { ServiceSection } from '../components/servicesection';
import { DataModel } from './model';

/**
 * The Data section.
 */
export class DataSection extends ServiceSection<DataModel> {
  constructor(options: DataSection.IOptions) {
    const trans = options.trans ?? nullTranslator.load('vre_lab');
    super({
      model: new DataModel({ handshake: options.handshake }),
      label: trans.__('Data'),
      description: trans.__(
        'Find data in a Rucio data lake, see where its replicas are, and bring it into your notebooks.'
      ),
      trans
    });
  }
}

/**
 * The namespace for `DataSection` statics.
 */
export namespace DataSection {
  export interface IOptions {
    /** The handshake whose server status the section shows. */
    handshake: HandshakeModel;
    trans?: TranslationBundle;
  }
}
