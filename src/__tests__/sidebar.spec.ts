import { Widget } from '@lumino/widgets';

import { requestAPI } from '../api';
import { HandshakeModel } from '../handshake';
import { WorkflowsSection } from '../reana';
import { DataModel, DataSection } from '../rucio';
import { VRESidebar } from '../sidebar';
import { PublishSection } from '../zenodo';
import {
  fakeServer,
  json,
  notFoundPage,
  Responder,
  statusBody
} from './helpers';

/**
 * The VRE side panel on a fake server, attached to the document.
 */
function createSidebar(respond: Responder): {
  sidebar: VRESidebar;
  handshake: HandshakeModel;
} {
  const { settings } = fakeServer(respond);
  const handshake = new HandshakeModel({
    serverSettings: settings,
    frontendVersion: '0.1.0'
  });
  const sidebar = new VRESidebar({ handshake });
  const data = new DataModel({
    handshake,
    request: (endpoint, init) => requestAPI(endpoint, init, settings)
  });
  // Added out of order: ranks decide the order.
  sidebar.addSection(new PublishSection({ handshake }), 300);
  sidebar.addSection(new DataSection({ model: data }), 100);
  sidebar.addSection(new WorkflowsSection({ handshake }), 200);
  Widget.attach(sidebar, document.body);
  return { sidebar, handshake };
}

/**
 * The element with a data-testid, once React has rendered `text` into it.
 */
async function rendered(
  id: string,
  text: string | RegExp
): Promise<HTMLElement> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const node = document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    const content = node?.textContent ?? '';
    const found =
      typeof text === 'string' ? content.includes(text) : text.test(content);
    if (node && found) {
      return node;
    }
    if (Date.now() > deadline) {
      throw new Error(`${id} shows "${content}", not ${text}`);
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

describe('VRESidebar', () => {
  let sidebar: VRESidebar | null = null;
  let handshake: HandshakeModel | null = null;

  afterEach(() => {
    sidebar?.dispose();
    handshake?.dispose();
    sidebar = handshake = null;
  });

  it('shows the handshake and the three service sections', async () => {
    const setup = createSidebar(request =>
      request.url.includes('/rucio/instances')
        ? json({ instances: [], default: null })
        : json(statusBody())
    );
    sidebar = setup.sidebar;
    handshake = setup.handshake;
    await setup.handshake.refresh();

    expect(sidebar.id).toBe('vre-lab-sidebar');
    expect(sidebar.widgets.map(w => w.title.label)).toEqual([
      'Data',
      'Workflows',
      'Publish'
    ]);

    const status = await rendered('vre-lab-handshake', '0.1.0');
    expect(status.dataset.state).toBe('ok');
    expect(status.textContent).toContain('OK');

    const data = await rendered('vre-lab-data', 'Rucio instance "sandbox"');
    expect(data.textContent).toContain('Configured');
    expect(data.textContent).toContain('Rucio data lake');
    const workflows = await rendered(
      'vre-lab-workflows',
      'No REANA server configured'
    );
    expect(workflows.textContent).toContain('Not configured');
    await rendered('vre-lab-publish', 'Offline (RO-Crate export)');
    await rendered('vre-rucio-connection', 'No Rucio instance is configured');
  });

  it('shows the problem, not a broken panel, when the extension is missing', async () => {
    const setup = createSidebar(() => notFoundPage());
    sidebar = setup.sidebar;
    handshake = setup.handshake;
    await setup.handshake.refresh();

    const status = await rendered(
      'vre-lab-handshake',
      /not installed or not enabled/
    );
    expect(status.dataset.state).toBe('missing');
    expect(status.getAttribute('role')).toBe('alert');
    await rendered('vre-lab-data', /Unavailable/);
    await rendered('vre-lab-publish', /Unavailable/);
  });
});
