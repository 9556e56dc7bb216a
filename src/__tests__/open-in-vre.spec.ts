import { PageConfig } from '@jupyterlab/coreutils';

import { openInVRE } from '../zenodo/resultview';

describe('openInVRE', () => {
  it('links a record to this lab, under a JupyterHub user URL too', () => {
    PageConfig.setOption('baseUrl', 'https://hub.example.org/user/ana/');
    const link = openInVRE('zenodo', '12 345');
    expect(link.url).toBe(
      'https://hub.example.org/user/ana/lab?vre-record=zenodo/12%20345'
    );
    expect(link.markdown).toBe(
      `[![Open in VRE](https://img.shields.io/badge/Open%20in-VRE-orange)](${link.url})`
    );
    expect(link.html).toContain(`<a href="${link.url}">`);
  });
});
