import { accessFor, newPerson, withOrcid } from '../zenodo/deposit';
import { IDeposit } from '../zenodo/types';
import {
  checkDeposit,
  depositSchema,
  hasSchemeForm,
  isEdtfDate
} from '../zenodo/validate';
import schemaFile from '../../vre_lab/zenodo/deposit.schema.json';
import shared from '../../tests/deposit_cases.json';
import { depositBody, vocabulariesBody } from './publish-fixtures';

const fields = (list: { field: string }[]) => list.map(e => e.field);
const options = {
  kind: 'zenodo' as const,
  vocabularies: vocabulariesBody(),
  today: '2026-06-01'
};

describe('checkDeposit', () => {
  it('finds nothing wrong with a complete deposit', () => {
    const check = checkDeposit(depositBody(), options);
    expect(check.errors).toEqual([]);
  });

  it('requires type, title, date, a creator and (Zenodo) a description', () => {
    const deposit = depositBody();
    deposit.metadata.resource_type = { id: '' };
    deposit.metadata.title = '   ';
    deposit.metadata.publication_date = '';
    deposit.metadata.creators = [];
    deposit.metadata.description = '';
    // In the schema's order, not the form's: compared as sets.
    expect(fields(checkDeposit(deposit, options).errors).sort()).toEqual(
      [
        'metadata.resource_type.id',
        'metadata.title',
        'metadata.publication_date',
        'metadata.creators',
        'metadata.description'
      ].sort()
    );
    // Elsewhere a missing description is only a warning.
    const invenio = checkDeposit(deposit, { ...options, kind: 'invenio' });
    expect(fields(invenio.errors)).not.toContain('metadata.description');
    expect(fields(invenio.warnings)).toContain('metadata.description');
  });

  it('checks entities at their InvenioRDM paths', () => {
    const deposit = depositBody();
    const person = withOrcid(newPerson(), '0000-0002-1825-0098');
    person.affiliations = [{ name: ' ' }];
    const org = newPerson();
    org.person_or_org = { type: 'organizational', name: '' };
    deposit.metadata.creators.push(person, org);
    deposit.metadata.contributors = [newPerson('contributors')];
    deposit.metadata.contributors[0].person_or_org.family_name = 'B';
    const errors = checkDeposit(deposit, options).errors;
    expect(fields(errors)).toEqual([
      'metadata.creators.1.person_or_org.family_name',
      'metadata.creators.1.person_or_org.identifiers.0.identifier',
      'metadata.creators.1.affiliations.0.name',
      'metadata.creators.2.person_or_org.name',
      'metadata.contributors.0.role.id'
    ]);
    expect(errors[1].message).toMatch(/check digit/);
  });

  it('checks vocabularies, keywords and related identifiers', () => {
    const deposit = depositBody();
    deposit.metadata.resource_type = { id: 'spaceship' };
    deposit.metadata.rights = [{ id: 'beerware' }];
    deposit.metadata.subjects = [
      { subject: 'higgs' },
      { subject: 'Higgs' },
      { subject: '' }
    ];
    deposit.metadata.related_identifiers = [
      {
        identifier: 'not a doi',
        scheme: 'doi',
        relation_type: { id: 'isderivedfrom' }
      },
      {
        identifier: 'urn:rucio:demo:x',
        scheme: 'urn',
        relation_type: { id: '' }
      }
    ];
    expect(fields(checkDeposit(deposit, options).errors)).toEqual([
      'metadata.resource_type.id',
      'metadata.rights.0.id',
      'metadata.subjects.1.subject',
      'metadata.subjects.2.subject',
      'metadata.related_identifiers.0.identifier',
      'metadata.related_identifiers.1.relation_type.id'
    ]);
  });

  it('wants an embargo to end after today', () => {
    const deposit = depositBody();
    deposit.access = accessFor('embargo', '2026-05-01', 'paper');
    expect(fields(checkDeposit(deposit, options).errors)).toEqual([
      'access.embargo.until'
    ]);
    deposit.access = accessFor('embargo', '2027-05-01', 'paper');
    expect(checkDeposit(deposit, options).errors).toEqual([]);
  });

  it('warns about an open record without license or keywords', () => {
    const deposit = depositBody();
    deposit.metadata.rights = [];
    deposit.metadata.subjects = [];
    expect(fields(checkDeposit(deposit, options).warnings).sort()).toEqual([
      'metadata.rights',
      'metadata.subjects'
    ]);
  });
});

describe('forms', () => {
  it('knows EDTF level 0 dates', () => {
    expect(isEdtfDate('2026')).toBe(true);
    expect(isEdtfDate('2026-02')).toBe(true);
    expect(isEdtfDate('2024-02-29')).toBe(true);
    expect(isEdtfDate('2026-02-29')).toBe(false);
    expect(isEdtfDate('2026-13')).toBe(false);
    expect(isEdtfDate('22/11/2026')).toBe(false);
  });

  it('knows identifier schemes', () => {
    expect(hasSchemeForm('doi', '10.5281/zenodo.1234')).toBe(true);
    expect(hasSchemeForm('doi', 'zenodo.1234')).toBe(false);
    expect(hasSchemeForm('url', 'https://example.org/x')).toBe(true);
    expect(hasSchemeForm('url', 'example.org')).toBe(false);
    expect(hasSchemeForm('urn', 'urn:rucio:demo:higgs')).toBe(true);
    expect(hasSchemeForm('arxiv', 'arXiv:2101.00001')).toBe(true);
    expect(hasSchemeForm('orcid', '0000-0002-1825-0097')).toBe(true);
    expect(hasSchemeForm('whatever', 'x')).toBe(true);
  });
});

describe('one schema', () => {
  it('is the file the server reads', () => {
    // The very module: no copy (tests/test_publish_schema.py checks
    // that this path is the file the Python package ships and reads).
    expect(depositSchema).toBe(schemaFile);
  });

  // tests/test_publish_schema.py runs the same cases on the server.
  const depositOf = (change: any): IDeposit => {
    const deposit = JSON.parse(JSON.stringify(shared.base));
    for (const part of ['metadata', 'access']) {
      for (const [key, value] of Object.entries(change[part] ?? {})) {
        if (value === null) {
          delete deposit[part][key];
        } else {
          deposit[part][key] = value;
        }
      }
    }
    return deposit;
  };

  it.each(shared.cases.map((c: any) => [c.name, c]))(
    'finds in %s what the server finds',
    (_: any, change: any) => {
      const check = checkDeposit(depositOf(change), {
        kind: change.kind ?? 'invenio',
        today: shared.today
      });
      const errors: Record<string, string> = {};
      check.errors.forEach(e => (errors[e.field] = e.message));
      expect(errors).toEqual(change.errors);
      expect(check.warnings.map(w => w.field).sort()).toEqual(
        [...change.warnings].sort()
      );
    }
  );
});
