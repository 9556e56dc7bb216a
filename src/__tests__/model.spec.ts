import { Loaded, Model, Submission } from '../components/model';
import {
  INumberedPage,
  INumberedPageQuery,
  NumberedPagesModel
} from '../components/numberedpages';

/**
 * A promise and the functions that settle it.
 */
function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

class Counter extends Model {
  bump(): void {
    this.emitChanged();
  }
}

describe('Model', () => {
  it('emits changes until disposed', () => {
    const model = new Counter();
    let changes = 0;
    model.changed.connect(() => changes++);
    model.bump();
    model.dispose();
    model.bump();
    expect(changes).toBe(1);
    expect(model.isDisposed).toBe(true);
  });
});

describe('Submission', () => {
  it('is busy while its action runs, one at a time, and says why it failed', async () => {
    let changes = 0;
    const submission = new Submission<'stopping' | 'deleting'>(() => changes++);
    const action = deferred<void>();
    const first = submission.run(() => action.promise, { kind: 'stopping' });
    expect(submission.busy).toBe(true);
    expect(submission.kind).toBe('stopping');
    expect(await submission.run(() => Promise.resolve())).toBe(false);
    action.resolve();
    expect(await first).toBe(true);
    expect(submission.busy).toBe(false);

    expect(
      await submission.run(() => Promise.reject(new Error('no such run')))
    ).toBe(false);
    expect(submission.error).toBe('no such run');
    expect(
      await submission.run(() => Promise.reject(new Error('x')), {
        describe: () => 'described'
      })
    ).toBe(false);
    expect(submission.error).toBe('described');
    // An answer for a form the user has since changed leaves no error.
    await submission.run(() => Promise.reject(new Error('late')), {
      stale: () => true
    });
    expect(submission.error).toBe('');
    submission.fail('Give it a name.');
    expect(submission.error).toBe('Give it a name.');
    expect(changes).toBeGreaterThan(6);
  });
});

describe('Loaded', () => {
  it('keeps the latest answer, and the value on failure unless told', async () => {
    const loaded = new Loaded<string[]>([], () => undefined);
    const slow = deferred<string[]>();
    const first = loaded.load(() => slow.promise);
    const second = loaded.load(() => Promise.resolve(['user.a']));
    expect(await second).toBe(true);
    slow.resolve(['old']);
    expect(await first).toBe(false);
    expect(loaded.value).toEqual(['user.a']);
    expect(loaded.loading).toBe(false);

    expect(await loaded.load(() => Promise.reject(new Error('down')))).toBe(
      false
    );
    expect(loaded.error).toBe('down');
    expect(loaded.value).toEqual(['user.a']);
    await loaded.load(() => Promise.reject(new Error('down')), { clear: true });
    expect(loaded.value).toEqual([]);
    await expect(
      loaded.load(() => Promise.reject(new Error('again')), { rethrow: true })
    ).rejects.toThrow('again');

    expect(
      await loaded.load(() => Promise.resolve(['x']), { stale: () => true })
    ).toBe(false);
    expect(loaded.value).toEqual([]);
    loaded.reset();
    expect(loaded.requested).toBe(false);
    expect(loaded.error).toBe('');
  });
});

/**
 * A numbered list that refreshes quietly, as the workflow list does.
 */
class QuietList extends NumberedPagesModel<number> {
  pages: number[][] = [];
  quietRefresh(): Promise<void> {
    return this.fetchPage(true);
  }
  protected onPage(items: readonly number[]): void {
    this.pages.push([...items]);
  }
}

describe('NumberedPagesModel for subclasses', () => {
  it('refreshes quietly, and shows the last page when the shown one emptied', async () => {
    let count = 25;
    const fetcher = async (
      query: INumberedPageQuery
    ): Promise<INumberedPage<number>> => {
      const first = (query.page - 1) * query.size;
      const items: number[] = [];
      for (let i = first; i < Math.min(count, first + query.size); i++) {
        items.push(i);
      }
      return { items, total: count };
    };
    const list = new QuietList({ pageSize: 10 });
    await list.setFetcher(fetcher);
    await list.goTo(3);
    expect(list.items).toEqual([20, 21, 22, 23, 24]);

    const states: string[] = [];
    list.changed.connect(() => states.push(list.state));
    count = 12;
    await list.quietRefresh();
    // The page never said "loading": it stayed shown, then went to page 2.
    expect(states[0]).toBe('ready');
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(list.page).toBe(2);
    expect(list.items).toEqual([10, 11]);
    expect(list.pages.length).toBeGreaterThanOrEqual(3);
    list.dispose();
  });
});
