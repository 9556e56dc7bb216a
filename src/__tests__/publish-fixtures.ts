/**
 * Fixtures of the Publish tests: answers of the `zenodo/...` routes.
 */
import {
  IDeposit,
  IRecordSummary,
  IRepository,
  IVocabularies
} from '../zenodo/types';

export function repositoryBody(
  overrides: Partial<IRepository> = {}
): IRepository {
  return {
    name: 'sandbox',
    display_name: 'Zenodo sandbox',
    url: 'https://sandbox.zenodo.org',
    kind: 'zenodo',
    token: 'config',
    description: '',
    ...overrides
  };
}

export const ROCRATE_REPOSITORY: IRepository = {
  name: 'rocrate',
  display_name: 'RO-Crate',
  url: null,
  kind: 'rocrate',
  token: null,
  description: ''
};

export function vocabulariesBody(): IVocabularies {
  return {
    resource_types: [
      { id: 'dataset', title: 'Dataset' },
      { id: 'software', title: 'Software' }
    ],
    licenses: [
      { id: 'cc-by-4.0', title: 'CC BY 4.0' },
      { id: 'mit', title: 'MIT' }
    ],
    roles: [
      { id: 'datacurator', title: 'Data curator' },
      { id: 'other', title: 'Other' }
    ],
    relation_types: [
      { id: 'isderivedfrom', title: 'Is derived from' },
      { id: 'cites', title: 'Cites' }
    ],
    identifier_schemes: [
      { id: 'doi', title: 'DOI' },
      { id: 'url', title: 'URL' },
      { id: 'urn', title: 'URN' }
    ]
  };
}

export function depositBody(): IDeposit {
  return {
    metadata: {
      resource_type: { id: 'dataset' },
      title: 'Higgs to four leptons',
      publication_date: '2026-11-22',
      creators: [
        {
          person_or_org: {
            type: 'personal',
            given_name: 'Jane',
            family_name: 'Doe',
            identifiers: [
              { scheme: 'orcid', identifier: '0000-0002-1825-0097' }
            ]
          },
          affiliations: [{ name: 'CERN' }]
        }
      ],
      description: 'Invariant mass',
      rights: [{ id: 'cc-by-4.0' }],
      subjects: [{ subject: 'higgs' }]
    },
    access: {
      record: 'public',
      files: 'public',
      embargo: { active: false, until: null, reason: null }
    },
    communities: []
  };
}

export function recordBody(
  overrides: Partial<IRecordSummary> = {}
): IRecordSummary {
  return {
    id: 'rec-1',
    title: 'Higgs to four leptons',
    status: 'published',
    doi: '10.5281/zenodo.1',
    doi_url: 'https://doi.org/10.5281/zenodo.1',
    html: 'https://sandbox.zenodo.org/records/rec-1',
    created: '2026-01-01T00:00:00Z',
    updated: '2026-01-01T00:00:00Z',
    publication_date: '2026-01-01',
    version: null,
    creators: ['Doe, Jane'],
    files: { count: 1, size: 1000 },
    ...overrides
  };
}
