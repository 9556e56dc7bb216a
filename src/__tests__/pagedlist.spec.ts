import { IPageOf, PagedList } from '../components/pagedlist';

/**
 * A fetcher serving `total` numbers in pages of `size`, the cursor being the
 * next index (as text), and recording the cursors it was asked for.
 */
function numbers(
  total: number,
  size: number
): {
  fetch: (cursor: string | null) => Promise<IPageOf<number>>;
  cursors: (string | null)[];
} {
  const cursors: (string | null)[] = [];
  const fetch = async (cursor: string | null): Promise<IPageOf<number>> => {
    cursors.push(cursor);
    const start = cursor === null ? 0 : Number(cursor);
    const end = Math.min(total, start + size);
    const items: number[] = [];
    for (let i = start; i < end; i++) {
      items.push(i);
    }
    return { items, next_cursor: end < total ? String(end) : null };
  };
  return { fetch, cursors };
}

describe('PagedList', () => {
  it('loads the first page and says more are available', async () => {
    const list = new PagedList<number>();
    const { fetch, cursors } = numbers(250, 100);

    await list.reset(fetch);

    expect(list.items).toHaveLength(100);
    expect(list.state).toBe('partial');
    expect(list.hasMore).toBe(true);
    expect(cursors).toEqual([null]);
  });

  it('follows next_cursor page after page and never drops an item', async () => {
    const list = new PagedList<number>();
    const { fetch, cursors } = numbers(250, 100);

    await list.reset(fetch);
    await list.loadMore();
    await list.loadMore();

    expect(cursors).toEqual([null, '100', '200']);
    expect(list.items).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(list.state).toBe('complete');
    expect(list.hasMore).toBe(false);
  });

  it('asks nothing more once every item is loaded', async () => {
    const list = new PagedList<number>();
    const { fetch, cursors } = numbers(30, 100);

    await list.reset(fetch);
    await list.loadMore();

    expect(cursors).toEqual([null]);
    expect(list.state).toBe('complete');
  });

  it('shares one request between concurrent loadMore calls', async () => {
    const list = new PagedList<number>();
    const { fetch, cursors } = numbers(500, 100);
    await list.reset(fetch);

    await Promise.all([list.loadMore(), list.loadMore(), list.loadMore()]);

    expect(cursors).toEqual([null, '100']);
    expect(list.items).toHaveLength(200);
  });

  it('keeps the loaded items when a page fails, and retries that page', async () => {
    const list = new PagedList<number>();
    const { fetch } = numbers(300, 100);
    let fail = false;
    const cursors: (string | null)[] = [];
    await list.reset(cursor => {
      cursors.push(cursor);
      return fail
        ? Promise.reject(new Error('Rucio timed out'))
        : fetch(cursor);
    });

    fail = true;
    await list.loadMore();
    expect(list.state).toBe('error');
    expect((list.error as Error).message).toBe('Rucio timed out');
    expect(list.items).toHaveLength(100);

    fail = false;
    await list.loadMore();
    expect(cursors).toEqual([null, '100', '100']);
    expect(list.items).toHaveLength(200);
    expect(list.state).toBe('partial');
  });

  it('ignores a page of an earlier search that arrives late', async () => {
    const list = new PagedList<string>();
    let release: (page: IPageOf<string>) => void = () => undefined;
    const slow = list.reset(
      () => new Promise<IPageOf<string>>(resolve => (release = resolve))
    );

    await list.reset(async () => ({ items: ['new'], next_cursor: null }));
    release({ items: ['old'], next_cursor: 'x' });
    await slow;

    expect(list.items).toEqual(['new']);
    expect(list.state).toBe('complete');
  });

  it('holds 100,000 items loaded page by page', async () => {
    const list = new PagedList<number>();
    const { fetch } = numbers(100000, 1000);

    await list.reset(fetch);
    while (list.hasMore) {
      await list.loadMore();
    }

    expect(list.items).toHaveLength(100000);
    expect(list.items[99999]).toBe(99999);
  });

  it('emits changed when a page starts and when it arrives', async () => {
    const list = new PagedList<number>();
    const { fetch } = numbers(10, 5);
    const states: string[] = [];
    list.changed.connect(() => states.push(list.state));

    await list.reset(fetch);

    expect(states[0]).toBe('loading');
    expect(states[states.length - 1]).toBe('partial');
  });
});
