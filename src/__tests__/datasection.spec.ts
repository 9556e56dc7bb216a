import { Widget } from '@lumino/widgets';

import { HandshakeModel } from '../handshake';
import { DataModel, DataSection } from '../rucio';
import { RESULT_ROW_HEIGHT } from '../rucio/searchview';
import { IRucioDID } from '../rucio/types';
import {
  apiError,
  fakeAPI,
  find,
  IFakeCall,
  instanceBody,
  instancesBody,
  statusBody,
  typeInto,
  until,
  whoamiBody
} from './helpers';

const TOTAL = 100000;

/**
 * The sandbox as a fake API: `total` datasets in the search, one dataset
 * with three files and a rule; `loggedIn` says whether whoami works.
 */
function sandboxAPI(options: { total?: number; loggedIn?: boolean } = {}) {
  const total = options.total ?? 3;
  let loggedIn = options.loggedIn ?? true;
  return fakeAPI((call: IFakeCall) => {
    switch (call.path) {
      case 'status':
        return statusBody();
      case 'rucio/instances':
        return instancesBody([
          instanceBody({ credentials: loggedIn ? 'configured' : 'missing' })
        ]);
      case 'rucio/sandbox/whoami':
        return loggedIn
          ? whoamiBody({ token_seconds_left: 3570 })
          : apiError(401, 'credentials_missing', 'Log in to Rucio sandbox');
      case 'rucio/sandbox/credentials':
        loggedIn = true;
        return whoamiBody();
      case 'rucio/sandbox/scopes':
        return { scopes: ['demo', 'user.root'] };
      case 'rucio/sandbox/dids': {
        const size = Number(call.query.get('page_size'));
        const start = Number(call.query.get('cursor') ?? 0);
        const end = Math.min(total, start + size);
        const items: IRucioDID[] = [];
        for (let i = start; i < end; i++) {
          const name = `higgs4l-${String(i).padStart(6, '0')}`;
          items.push({
            did: `demo:${name}`,
            scope: 'demo',
            name,
            type: 'dataset',
            bytes: 12000
          });
        }
        return { items, next_cursor: end < total ? String(end) : null };
      }
      case 'rucio/sandbox/did':
        return {
          did: call.query.get('did'),
          scope: 'demo',
          name: 'higgs4l-000000',
          type: 'dataset',
          bytes: 36000,
          length: 3,
          open: false,
          account: 'root',
          // Rucio's metadata repeats the fields the table shows first.
          metadata: {
            run_number: 194108,
            stream_name: 'DoubleMuon',
            account: 'root',
            bytes: 36000,
            created_at: '2026-01-01T00:00:00',
            did_type: 'DATASET',
            length: 3,
            is_open: false,
            scope: 'demo',
            name: 'higgs4l-000000'
          },
          availability: { state: 'not_available', mode: 'download' }
        };
      case 'rucio/sandbox/did/files':
        return {
          items: [1, 2, 3].map(i => ({
            did: `demo:events_000${i}.csv`,
            scope: 'demo',
            name: `events_000${i}.csv`,
            bytes: 12000,
            replicas: [{ rse: 'SANDBOX_DISK', state: 'AVAILABLE' }],
            available_here: false
          })),
          next_cursor: null
        };
      case 'rucio/sandbox/did/rules':
        return {
          rules: [
            {
              id: 'r1',
              rse_expression: 'SANDBOX_DISK',
              state: 'OK',
              copies: 1,
              locks_ok_cnt: 3,
              locks_replicating_cnt: 0,
              locks_stuck_cnt: 0
            }
          ]
        };
      default:
        return apiError(404, null, `no route ${call.path}`);
    }
  });
}

/**
 * The Data section on a fake API, attached to the document.
 */
async function createSection(api: ReturnType<typeof sandboxAPI>) {
  const handshake = new HandshakeModel({
    serverSettings: api.settings,
    frontendVersion: '0.1.0'
  });
  const model = new DataModel({
    handshake,
    request: api.request,
    pageSize: 1000
  });
  const section = new DataSection({ model });
  Widget.attach(section, document.body);
  await handshake.refresh();
  return { section, model, handshake };
}

describe('DataSection', () => {
  let cleanup: (() => void) | null = null;

  afterEach(() => {
    cleanup?.();
    cleanup = null;
  });

  it('shows who we are connected as, and the scopes', async () => {
    const { section, handshake } = await createSection(sandboxAPI());
    cleanup = () => {
      section.dispose();
      handshake.dispose();
    };

    const status = await find('[data-testid="vre-rucio-connection"]', n =>
      n.textContent!.includes('Connected as')
    );
    expect(status.textContent).toBe(
      'Connected as root on Rucio sandbox · token 59 min left'
    );
    const scope = await find('select[data-testid="vre-rucio-scope"]', n =>
      n.textContent!.includes('user.root')
    );
    expect((scope as HTMLSelectElement).value).toBe('demo');
  });

  it('renders only the rows in view of 100,000 results, and says how many', async () => {
    const api = sandboxAPI({ total: TOTAL });
    const { section, model, handshake } = await createSection(api);
    cleanup = () => {
      section.dispose();
      handshake.dispose();
    };
    await find('[data-testid="vre-rucio-search-button"]', n => {
      return !(n as HTMLButtonElement).disabled;
    });

    const query = await find('input[data-testid="vre-rucio-query"]');
    typeInto(query as HTMLInputElement, 'demo:higgs4l-*');
    (await find('[data-testid="vre-rucio-search-button"]')).click();
    const count = await find(
      '[data-testid="vre-rucio-count"]',
      n => n.dataset.count === '1000'
    );
    expect(count.textContent).toContain('1000 loaded, more available');

    while (model.search.results.hasMore) {
      await model.search.results.loadMore();
    }
    await find('[data-testid="vre-rucio-count"]', n =>
      n.textContent!.includes(`All ${TOTAL} results`)
    );
    const list = await find('[data-testid="vre-rucio-results"]');
    const rows = list.querySelectorAll('.vre-WindowedRows-row');
    expect(list.dataset.count).toBe(String(TOTAL));
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    const spacer = list.querySelector<HTMLElement>('.vre-WindowedRows-spacer')!;
    expect(spacer.style.height).toBe(`${TOTAL * RESULT_ROW_HEIGHT}px`);
  });

  it('asks for the next page when the user scrolls near the end', async () => {
    const api = sandboxAPI({ total: 5000 });
    const { section, model, handshake } = await createSection(api);
    cleanup = () => {
      section.dispose();
      handshake.dispose();
    };
    await until(() => model.connection.state === 'connected');
    model.search.query = 'demo:*';
    await model.search.search();
    const list = await find('[data-testid="vre-rucio-results"]');
    const searches = () =>
      api.calls.filter(c => c.path === 'rucio/sandbox/dids').length;
    expect(searches()).toBe(1);

    Object.defineProperty(list, 'scrollTop', {
      configurable: true,
      get: () => 980 * RESULT_ROW_HEIGHT
    });
    list.dispatchEvent(new Event('scroll', { bubbles: true }));

    await until(() => model.search.results.items.length === 2000);
    expect(searches()).toBe(2);
    const shown = Array.from(
      list.querySelectorAll<HTMLElement>('[data-did]')
    ).map(n => n.dataset.did);
    expect(shown).toContain('demo:higgs4l-000990');
  });

  it('opens a DID with its metadata, files, replicas and rule', async () => {
    const { section, model, handshake } = await createSection(sandboxAPI());
    cleanup = () => {
      section.dispose();
      handshake.dispose();
    };
    await until(() => model.connection.state === 'connected');
    model.search.query = 'demo:*';
    await model.search.search();

    const row = await find(
      '[data-testid="vre-rucio-results"] [data-did="demo:higgs4l-000000"]'
    );
    // The scope searched in goes without saying; the tooltip has it all.
    expect(row.querySelector('.vre-ResultRow-name')?.textContent).toBe(
      'higgs4l-000000'
    );
    expect(row.title).toBe('demo:higgs4l-000000');
    row.click();

    const files = await find(
      '[data-testid="vre-rucio-files"]',
      n => n.querySelectorAll('li').length === 3
    );
    expect(files.textContent).toContain('events_0001.csv');
    expect(files.textContent).toContain('SANDBOX_DISK');
    const rules = await find('[data-testid="vre-rucio-rules"]');
    expect(rules.textContent).toContain('SANDBOX_DISK');
    expect(rules.textContent).toContain('OK');
    const metadata = await find('[data-testid="vre-rucio-metadata"]', n =>
      n.textContent!.includes('run_number')
    );
    expect(metadata.textContent).toContain('194108');
    // Each field once.
    const keys = Array.from(metadata.querySelectorAll('th')).map(
      th => th.textContent
    );
    expect(keys).toEqual([
      'type',
      'size',
      'files',
      'account',
      'open',
      'run_number',
      'stream_name'
    ]);
    expect(
      (await find('[data-testid="vre-rucio-availability"]')).dataset.state
    ).toBe('not_available');
    // The results stay above the DID, the open one marked, the form folded.
    const results = await find('[data-testid="vre-rucio-results"]');
    expect(results.classList).toContain('vre-mod-compact');
    expect(
      results.querySelector('[aria-current="true"]')?.getAttribute('data-did')
    ).toBe('demo:higgs4l-000000');
    expect(
      document.querySelector<HTMLElement>('.vre-SearchTab-form')!.style.display
    ).toBe('none');
    // Another result opens in its place.
    results
      .querySelector<HTMLElement>('[data-did="demo:higgs4l-000001"]')!
      .click();
    await until(() => model.opened?.did === 'demo:higgs4l-000001');
    expect(
      (await find('[data-testid="vre-rucio-files-count"]')).textContent
    ).toBe('All 3 files');

    (await find('[data-testid="vre-rucio-back"]')).click();
    await until(() => model.opened === null);
    await until(
      () =>
        document.querySelector<HTMLElement>('.vre-SearchTab-form')?.style
          .display === ''
    );
    expect(
      document
        .querySelector('[data-testid="vre-rucio-results"]')!
        .classList.contains('vre-mod-compact')
    ).toBe(false);
  });

  it('names the active notebook in its Notebook tab, also after a rename', async () => {
    const { section, model, handshake } = await createSection(sandboxAPI());
    cleanup = () => {
      section.dispose();
      handshake.dispose();
    };
    await until(() => model.connection.state === 'connected');
    let title = 'Untitled.ipynb';
    model.notebook = {
      id: 'nb-1',
      get title() {
        return title;
      },
      metadata: null,
      execute: async () => undefined
    };
    model.tab = 'notebook';
    await find('[data-testid="vre-rucio-attachments"]', node =>
      node.textContent!.includes('Untitled.ipynb')
    );
    title = 'higgs4l.ipynb';
    model.notebookRenamed();
    await find('[data-testid="vre-rucio-attachments"]', node =>
      node.textContent!.includes('higgs4l.ipynb')
    );
  });

  it('shows a login form, and the password field is empty after submit', async () => {
    const api = sandboxAPI({ loggedIn: false });
    const { section, model, handshake } = await createSection(api);
    cleanup = () => {
      section.dispose();
      handshake.dispose();
    };

    await find('[data-testid="vre-rucio-login"]');
    typeInto(
      (await find(
        'input[data-testid="vre-rucio-login-username"]'
      )) as HTMLInputElement,
      'root'
    );
    const password = (await find(
      'input[data-testid="vre-rucio-login-password"]'
    )) as HTMLInputElement;
    expect(password.type).toBe('password');
    typeInto(password, 'hunter2');
    await find(
      'input[data-testid="vre-rucio-login-password"]',
      n => (n as HTMLInputElement).value === 'hunter2'
    );
    const form = await find('[data-testid="vre-rucio-login"]');
    form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();

    await until(() => model.connection.state === 'connected');
    const put = api.calls.find(c => c.method === 'PUT')!;
    expect(put.body.password).toBe('hunter2');
    expect(model.login.value('password')).toBe('');
    expect(
      document.querySelector('[data-testid="vre-rucio-login"]')
    ).toBeNull();
  });
});
