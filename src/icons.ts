import { LabIcon } from '@jupyterlab/ui-components';

import vreSvgstr from '../style/icons/vre.svg';

/**
 * The vre-lab icon: three linked nodes (data, workflows, publication).
 */
export const vreIcon = new LabIcon({ name: 'vre-lab:vre', svgstr: vreSvgstr });
