/**
 * The record search of the Publish section when a DOI is typed: the server
 * says the text was a DOI (`doi` in its answer), the section says which
 * record the DOI names, or that the repository has none, and the record
 * found can be reproduced.
 */
import { Widget } from '@lumino/widgets';

import { HandshakeModel } from '../handshake';
import { PublishModel } from '../zenodo/model';
import { PublishSection } from '../zenodo/section';
import { IRecordSummary } from '../zenodo/types';
import { apiError, fakeAPI, IFakeCall, statusBody, until } from './helpers';
import { recordBody, repositoryBody } from './publish-fixtures';

// the section renders in jsdom: slow when the suites run side by side
jest.setTimeout(20000);

const VERSION = recordBody({
  id: '12',
  title: 'Dimuon spectrum',
  doi: '10.5281/zenodo.12',
  doi_url: 'https://doi.org/10.5281/zenodo.12'
});

/**
 * The server: `10.5281/zenodo.12` names a record, `10.5281/zenodo.11` is its
 * concept DOI, any other DOI names nothing, and `doi:junk` is refused.
 */
function labAPI() {
  return fakeAPI((call: IFakeCall) => {
    switch (`${call.method} ${call.path}`) {
      case 'GET status':
        return statusBody({
          services: {
            data: { configured: false, summary: '' },
            workflows: { configured: false, summary: '' },
            publish: { configured: true, summary: 'Zenodo sandbox' }
          }
        });
      case 'GET zenodo/repositories':
        return { repositories: [repositoryBody()], selected: 'sandbox' };
      case 'GET zenodo/repositories/sandbox/whoami':
        return {
          repository: 'sandbox',
          user: { id: '7', username: 'jdoe', full_name: 'Jane Doe' }
        };
      case 'GET zenodo/repositories/sandbox/search': {
        const q = call.query.get('q') ?? '';
        if (q === 'doi:junk') {
          return apiError(
            400,
            'bad_doi',
            "'doi:junk' is not a DOI: a DOI looks like 10.5281/zenodo.1234567"
          );
        }
        const doi = q.startsWith('10.') ? q : null;
        const hits =
          doi === null || doi === VERSION.doi || doi === '10.5281/zenodo.11'
            ? [VERSION]
            : [];
        return { hits, total: hits.length, page: 1, size: 20, doi };
      }
      case 'GET zenodo/repositories/sandbox/records/12':
        return {
          ...VERSION,
          files: [{ key: 'provenance.json', size: 10, checksum: null }]
        };
    }
    return { jobs: [] };
  });
}

function text(selector: string): string {
  return document.querySelector(selector)?.textContent ?? '';
}

function summary(): HTMLElement | null {
  return document.querySelector<HTMLElement>(
    '[data-testid="vre-publish-search-summary"]'
  );
}

describe('the record search with a DOI', () => {
  let cleanup: (() => void) | null = null;

  afterEach(() => {
    cleanup?.();
    cleanup = null;
  });

  async function createSection() {
    const api = labAPI();
    const handshake = new HandshakeModel({
      serverSettings: api.settings,
      frontendVersion: '0.1.0'
    });
    const model = new PublishModel({
      handshake,
      request: api.request,
      searchDelay: 1
    });
    const reproduced: IRecordSummary[] = [];
    const section = new PublishSection({
      model,
      actions: {
        continueDraft: () => undefined,
        publishDraft: () => undefined,
        discardDraft: () => undefined,
        newVersion: () => undefined,
        download: () => undefined,
        reproduce: record => void reproduced.push(record)
      }
    });
    Widget.attach(section, document.body);
    cleanup = () => {
      section.dispose();
      handshake.dispose();
    };
    await handshake.refresh();
    await model.start();
    model.tab = 'search';
    await until(() => model.records.state === 'ready', 10000);
    return { api, model, reproduced };
  }

  async function search(
    { api, model }: Awaited<ReturnType<typeof createSection>>,
    q: string
  ): Promise<void> {
    model.records.query = q;
    await until(
      () =>
        api.calls.some(c => c.query.get('q') === q) &&
        model.records.state !== 'loading',
      10000,
      `the search for ${q}`
    );
  }

  it('says which record a DOI names and offers to reproduce it', async () => {
    const lab = await createSection();
    const { model, reproduced } = lab;
    expect(
      document
        .querySelector('[data-testid="vre-publish-search-search"]')
        ?.getAttribute('placeholder')
    ).toBe('Words to look for, or a DOI');

    await search(lab, '10.5281/zenodo.12');
    expect(model.searchedDoi).toBe('10.5281/zenodo.12');
    await until(
      () => text('[data-testid="vre-publish-search-doi"]') !== '',
      10000
    );
    expect(text('[data-testid="vre-publish-search-doi"]')).toBe(
      'Record with DOI 10.5281/zenodo.12'
    );

    const row = document.querySelector<HTMLElement>(
      '.vre-RecordRow[data-id="12"]'
    )!;
    Array.from(row.querySelectorAll('button'))
      .find(b => b.textContent === 'Files')!
      .click();
    await until(
      () =>
        document.querySelector('[data-testid="vre-publish-reproduce"]') !== null
    );
    document
      .querySelector<HTMLButtonElement>(
        '[data-testid="vre-publish-reproduce"]'
      )!
      .click();
    expect(reproduced.map(r => r.id)).toEqual(['12']);
  });

  it('calls a concept DOI the latest version of its record', async () => {
    const lab = await createSection();
    await search(lab, '10.5281/zenodo.11');
    await until(
      () => text('[data-testid="vre-publish-search-doi"]') !== '',
      10000
    );
    expect(text('[data-testid="vre-publish-search-doi"]')).toBe(
      'Latest version of the record with the concept DOI 10.5281/zenodo.11'
    );
  });

  it('says the repository has no record with a DOI that names none', async () => {
    const lab = await createSection();
    await search(lab, '10.5281/zenodo.999');
    await until(() => summary()?.dataset.total === '0');
    expect(text('[data-testid="vre-publish-search-summary"]')).toContain(
      'No record with DOI 10.5281/zenodo.999 in Zenodo sandbox.'
    );
    expect(
      document.querySelector('[data-testid="vre-publish-search-doi"]')
    ).toBeNull();
  });

  it('shows words as before and the server message for a malformed DOI', async () => {
    const lab = await createSection();
    const { model } = lab;
    await search(lab, '10.5281/zenodo.12');
    await search(lab, 'dimuon');
    expect(model.searchedDoi).toBeNull();
    expect(model.records.items.map(r => r.id)).toEqual(['12']);
    // React renders the answer a moment after the model has it.
    await until(
      () =>
        document.querySelector('[data-testid="vre-publish-search-doi"]') ===
        null,
      2000,
      'the DOI line to go'
    );

    await search(lab, 'doi:junk');
    expect(model.records.state).toBe('error');
    await until(() => summary()?.dataset.state === 'error');
    expect(text('[data-testid="vre-publish-search-summary"]')).toContain(
      "'doi:junk' is not a DOI"
    );
    expect(
      document.querySelector('[data-testid="vre-publish-search-doi"]')
    ).toBeNull();
  });
});
