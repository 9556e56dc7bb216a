import { AccordionPanel, Widget } from '@lumino/widgets';

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

  /**
   * The panel on a server that answers `respond` (by default: no Rucio
   * instance, the status), disposed after the test.
   */
  function openPanel(
    respond: Responder = request =>
      request.url.includes('/rucio/instances')
        ? json({ instances: [], default: null })
        : json(statusBody())
  ): VRESidebar {
    const setup = createSidebar(respond);
    sidebar = setup.sidebar;
    handshake = setup.handshake;
    return setup.sidebar;
  }

  it('shows the handshake and the three service sections', async () => {
    const panel = openPanel();
    await handshake!.refresh();

    expect(panel.id).toBe('vre-lab-sidebar');
    expect(panel.widgets.map(w => w.title.label)).toEqual([
      'Data',
      'Workflows',
      'Publish'
    ]);

    // A server that answers well needs no box.
    const status = await rendered('vre-lab-handshake', '0.1.0');
    expect(status.dataset.state).toBe('ok');
    expect(status.hidden).toBe(true);

    // A configured service gives its room to the work: what it does and
    // where it connects are in its title's tooltip.
    await rendered('vre-rucio-connection', 'No Rucio instance is configured');
    const data = document.querySelector<HTMLElement>(
      '[data-testid="vre-lab-data"]'
    )!;
    expect(data.textContent).not.toContain('Rucio data lake');
    expect(data.querySelector('[data-testid="vre-lab-service-status"]')).toBe(
      null
    );
    expect(panel.widgets[0].title.caption).toContain('Rucio data lake');
    expect(panel.widgets[0].title.caption).toContain(
      'Rucio instance "sandbox"'
    );
    // One that is not says so, and what it would do.
    const workflows = await rendered(
      'vre-lab-workflows',
      'No REANA server configured'
    );
    expect(workflows.textContent).toContain('Not configured');
    expect(workflows.textContent).toContain('reproducible');
    expect(panel.widgets[2].title.caption).toContain(
      'Offline (RO-Crate export)'
    );
  });

  it('says where a section connects even when the server answered before it was made', async () => {
    const { settings } = fakeServer(() => json(statusBody()));
    handshake = new HandshakeModel({
      serverSettings: settings,
      frontendVersion: '0.1.0'
    });
    await handshake.refresh();
    const section = new PublishSection({ handshake });
    expect(section.title.caption).toContain('Offline (RO-Crate export)');
    section.dispose();
  });

  it('keeps one section open at a time, the first one at start', async () => {
    const panel = openPanel();
    const [data, workflows, publish] = panel.widgets;
    const open = () => panel.widgets.map(w => !w.isHidden);

    // Added out of order, Data (the first by rank) is the open one.
    expect(open()).toEqual([true, false, false]);
    expect(panel.expandedSection).toBe(data);

    // A section opened by a command folds the others.
    panel.expandSection(publish);
    expect(open()).toEqual([false, false, true]);

    // So does one the user opens, clicking its title.
    const titles = (panel.content as AccordionPanel).titles;
    titles[1].click();
    expect(open()).toEqual([false, true, false]);
    expect(panel.expandedSection).toBe(workflows);

    // Clicking the open one folds it (all folded is the user's choice).
    titles[1].click();
    expect(open()).toEqual([false, false, false]);
    expect(panel.expandedSection).toBe(null);

    // A section added later stays folded.
    const later = new Widget();
    later.title.label = 'Later';
    panel.expandSection(data);
    panel.addSection(later, 50);
    expect(later.isHidden).toBe(true);
    expect(panel.expandedSection).toBe(data);
  });

  it('shows the problem, not a broken panel, when the extension is missing', async () => {
    openPanel(() => notFoundPage());
    await handshake!.refresh();

    const status = await rendered(
      'vre-lab-handshake',
      /not installed or not enabled/
    );
    expect(status.dataset.state).toBe('missing');
    expect(status.getAttribute('role')).toBe('alert');
    expect(status.hidden).toBe(false);
    expect(
      status.querySelector('[data-testid="vre-lab-handshake-retry"]')
    ).not.toBe(null);
    await rendered('vre-lab-data', /Unavailable/);
    await rendered('vre-lab-publish', /Unavailable/);
  });
});
