/**
 * The header and pager of the Publish section's paged lists (My uploads,
 * records, communities), built from the panel's list header.
 */
import { nullTranslator } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

import {
  INumberedPage,
  INumberedPageQuery,
  NumberedPagesModel
} from '../components/numberedpages';
import { HitsPager, HitsSearch, HitsSummary } from '../zenodo/hitsview';
import { until } from './helpers';

const trans = nullTranslator.load('vre_lab');

class Hits extends ReactWidget {
  constructor(private _model: NumberedPagesModel<unknown>) {
    super();
  }
  protected render(): React.ReactElement {
    const model = this._model;
    const props = { model, trans, testid: 'vre-test' };
    return (
      <UseSignal signal={model.changed}>
        {() => (
          <>
            <HitsSearch {...props} label="Search things" placeholder="Words" />
            <HitsSummary {...props} emptyText="Nothing here." />
            <HitsPager {...props} />
          </>
        )}
      </UseSignal>
    );
  }
}

describe('HitsSearch, HitsSummary and HitsPager', () => {
  it('show the query, the count with Refresh or Retry, and the pages', async () => {
    const asked: INumberedPageQuery[] = [];
    let answer: (page: INumberedPage<unknown>) => void = () => undefined;
    let fail: (error: Error) => void = () => undefined;
    const model = new NumberedPagesModel<unknown>({ searchDelay: 1 });
    const widget = new Hits(model);
    Widget.attach(widget, document.body);
    widget.update();
    const find = (id: string) =>
      widget.node.querySelector<HTMLElement>(`[data-testid="vre-test-${id}"]`);
    await until(() => find('search') !== null);

    // Nothing asked for yet: no summary, no pager.
    expect(find('summary')).toBeNull();
    expect(find('page')).toBeNull();
    const search = find('search') as HTMLInputElement;
    expect(search.getAttribute('aria-label')).toBe('Search things');
    expect(search.placeholder).toBe('Words');

    void model.setFetcher(
      query =>
        new Promise((resolve, reject) => {
          asked.push(query);
          answer = resolve;
          fail = reject;
        })
    );
    await until(() => find('summary')?.dataset.state === 'loading');
    expect(find('summary')?.textContent).toContain('Loading…');
    answer({ items: new Array(20).fill({}), total: 45 });
    await until(() => find('summary')?.dataset.state === 'ready');

    const summary = find('summary')!;
    expect(summary.getAttribute('role')).toBe('status');
    expect(summary.dataset.total).toBe('45');
    expect(summary.querySelector('span')?.title).toBe('1–20 of 45');
    expect(summary.textContent).toContain('Refresh');
    expect(find('page')?.textContent).toBe('Page 1 of 3');
    expect(find('page')?.closest('nav')?.getAttribute('aria-label')).toBe(
      'Pages'
    );
    const previous = find('previous') as HTMLButtonElement;
    const next = find('next') as HTMLButtonElement;
    expect(previous.disabled).toBe(true);
    expect(next.disabled).toBe(false);

    // While the next page is on its way, the pager waits.
    next.click();
    await until(() => find('summary')?.dataset.state === 'loading');
    expect((find('next') as HTMLButtonElement).disabled).toBe(true);
    expect((find('previous') as HTMLButtonElement).disabled).toBe(true);
    expect(asked.map(q => q.page)).toEqual([1, 2]);
    answer({ items: new Array(20).fill({}), total: 45 });
    await until(() => find('summary')?.dataset.state === 'ready');
    expect(find('summary')?.textContent).toContain('21–40 of 45');
    expect(find('page')?.textContent).toBe('Page 2 of 3');

    void model.refresh();
    await until(() => find('summary')?.dataset.state === 'loading');
    fail(new Error('The repository did not answer'));
    await until(() => find('summary')?.dataset.state === 'error');
    expect(find('summary')?.getAttribute('role')).toBe('alert');
    expect(find('summary')?.textContent).toBe(
      'The repository did not answerRetry'
    );

    void model.refresh();
    await until(() => find('summary')?.dataset.state === 'loading');
    answer({ items: [], total: 0 });
    await until(() => find('summary')?.dataset.state === 'ready');
    expect(find('summary')?.textContent).toContain('Nothing here.');
    expect(find('page')).toBeNull();

    widget.dispose();
    model.dispose();
  });
});
