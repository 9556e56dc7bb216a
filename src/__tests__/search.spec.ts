import { MORE_PAGE_SIZE, RucioClient } from '../rucio/client';
import { ConnectionModel } from '../rucio/connectionmodel';
import { SearchModel } from '../rucio/searchmodel';
import { IRucioDID } from '../rucio/types';
import {
  apiError,
  fakeAPI,
  IFakeCall,
  instancesBody,
  whoamiBody
} from './helpers';

function did(name: string, type: IRucioDID['type'] = 'dataset'): IRucioDID {
  return { did: `demo:${name}`, scope: 'demo', name, type, bytes: 1000 };
}

/**
 * A connected search model on a fake API whose `dids` route is `dids`.
 */
async function connectedSearch(
  dids: (call: IFakeCall) => unknown,
  pageSize = 100,
  morePageSize = pageSize
) {
  const api = fakeAPI(call => {
    switch (call.path) {
      case 'rucio/instances':
        return instancesBody();
      case 'rucio/sandbox/whoami':
        return whoamiBody({ token_seconds_left: null });
      case 'rucio/sandbox/scopes':
        return { scopes: ['demo', 'user.root'] };
      case 'rucio/sandbox/dids':
        return dids(call);
      default:
        return apiError(404, null, `no route ${call.path}`);
    }
  });
  const connection = new ConnectionModel({
    client: new RucioClient(api.request)
  });
  const search = new SearchModel({ connection, pageSize, morePageSize });
  await connection.load();
  await new Promise(resolve => setTimeout(resolve, 10));
  return { api, connection, search };
}

/**
 * A `dids` route serving `total` datasets in pages, cursor = next index.
 */
function pagedDIDs(total: number) {
  return (call: IFakeCall) => {
    const size = Number(call.query.get('page_size'));
    const start = Number(call.query.get('cursor') ?? 0);
    const end = Math.min(total, start + size);
    const items: IRucioDID[] = [];
    for (let i = start; i < end; i++) {
      items.push(did(`ds-${i}`));
    }
    return { items, next_cursor: end < total ? String(end) : null };
  };
}

describe('SearchModel', () => {
  it('loads the scopes once connected and chooses the first', async () => {
    const { search } = await connectedSearch(pagedDIDs(0));

    expect(search.scopes).toEqual(['demo', 'user.root']);
    expect(search.scope).toBe('demo');
  });

  it('sends a SCOPE:PATTERN query as is, with type and metadata filter', async () => {
    const { api, search } = await connectedSearch(pagedDIDs(3));

    search.query = 'demo:higgs4l-*';
    search.type = 'dataset';
    search.filter = ' run_number>190000,stream_name=DoubleMuon ';
    await search.search();

    const call = api.calls.find(c => c.path === 'rucio/sandbox/dids')!;
    expect(call.query.get('query')).toBe('demo:higgs4l-*');
    expect(call.query.get('scope')).toBeNull();
    expect(call.query.get('type')).toBe('dataset');
    expect(call.query.get('filter')).toBe(
      'run_number>190000,stream_name=DoubleMuon'
    );
    expect(call.query.get('page_size')).toBe('100');
    expect(call.query.get('cursor')).toBeNull();
    expect(search.results.items.map(d => d.name)).toEqual([
      'ds-0',
      'ds-1',
      'ds-2'
    ]);
    expect(search.results.state).toBe('complete');
  });

  it('sends a bare pattern with the chosen scope', async () => {
    const { api, search } = await connectedSearch(pagedDIDs(1));

    search.scope = 'user.root';
    search.query = 'higgs4l-skim*';
    await search.search();

    const call = api.calls.find(c => c.path === 'rucio/sandbox/dids')!;
    expect(call.query.get('query')).toBe('higgs4l-skim*');
    expect(call.query.get('scope')).toBe('user.root');
  });

  it('fetches the next page only when the rows near the end are shown', async () => {
    const { api, search } = await connectedSearch(pagedDIDs(250), 100);
    search.query = 'demo:*';
    await search.search();
    const searches = () =>
      api.calls.filter(c => c.path === 'rucio/sandbox/dids');

    search.onRowsVisible(10);
    await new Promise(resolve => setTimeout(resolve, 10));
    expect(searches()).toHaveLength(1);

    search.onRowsVisible(60);
    await new Promise(resolve => setTimeout(resolve, 10));
    expect(searches()).toHaveLength(2);
    expect(searches()[1].query.get('cursor')).toBe('100');
    expect(search.results.items).toHaveLength(200);

    search.onRowsVisible(199);
    await new Promise(resolve => setTimeout(resolve, 10));
    expect(search.results.items).toHaveLength(250);
    expect(search.results.state).toBe('complete');

    search.onRowsVisible(249);
    await new Promise(resolve => setTimeout(resolve, 10));
    expect(searches()).toHaveLength(3);
  });

  it('asks for a small first page, then for the most the server gives', async () => {
    const { api, search } = await connectedSearch(pagedDIDs(5000), 100, 1000);
    const model = new SearchModel({ connection: search.connection });
    expect(model.pageSize).toBe(100);
    expect(model.morePageSize).toBe(MORE_PAGE_SIZE);
    model.dispose();
    search.query = 'demo:*';
    await search.search();
    search.onRowsVisible(99);
    await new Promise(resolve => setTimeout(resolve, 10));
    const sizes = api.calls
      .filter(c => c.path === 'rucio/sandbox/dids')
      .map(c => c.query.get('page_size'));
    expect(sizes).toEqual(['100', '1000']);
    expect(search.results.items).toHaveLength(1100);
  });

  it('turns a bad filter into a one-line error', async () => {
    const { search } = await connectedSearch(() =>
      apiError(400, 'bad_filter', 'Cannot parse the filter "run_number>>1"')
    );

    search.query = 'demo:*';
    search.filter = 'run_number>>1';
    await search.search();

    expect(search.results.state).toBe('error');
    expect(search.error).toBe('Cannot parse the filter "run_number>>1"');
    expect(search.error).not.toContain('\n');
  });

  it('finishes with no item for an empty result', async () => {
    const { search } = await connectedSearch(pagedDIDs(0));

    search.query = 'demo:nothing*';
    await search.search();

    expect(search.results.state).toBe('complete');
    expect(search.results.items).toHaveLength(0);
  });

  it('asks for a scope when the query has none', async () => {
    const { api, search } = await connectedSearch(pagedDIDs(0));

    search.scope = '';
    search.query = 'higgs*';
    await search.search();

    expect(search.formError).toMatch(/scope/i);
    expect(api.calls.some(c => c.path === 'rucio/sandbox/dids')).toBe(false);
  });

  it('starts over, with a new generation, for each search', async () => {
    const { search } = await connectedSearch(pagedDIDs(150), 100);
    search.query = 'demo:*';
    await search.search();
    await search.results.loadMore();
    const generation = search.generation;

    await search.search();

    expect(search.generation).toBe(generation + 1);
    expect(search.results.items).toHaveLength(100);
  });
});
