/**
 * Small pure helpers on a deposit (InvenioRDM's draft body): access modes,
 * creators and contributors, keywords, dates.
 */
import { normalizeOrcid } from './orcid';
import { IAccess, IDeposit, IEntity } from './types';

/**
 * Access as the form offers it.
 */
export type AccessMode = 'open' | 'restricted' | 'embargo';

/**
 * Whether creators or contributors are meant.
 */
export type EntityList = 'creators' | 'contributors';

/**
 * Today as `YYYY-MM-DD` (local time).
 */
export function today(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * A deposit with nothing but the defaults.
 */
export function emptyDeposit(date: string = today()): IDeposit {
  return {
    metadata: {
      resource_type: { id: 'dataset' },
      title: '',
      publication_date: date,
      creators: [],
      rights: [{ id: 'cc-by-4.0' }]
    },
    access: accessFor('open'),
    communities: []
  };
}

/**
 * A copy of a deposit the form can edit (missing parts filled in).
 */
export function editableDeposit(deposit: Partial<IDeposit> | null): IDeposit {
  const empty = emptyDeposit();
  const copy = JSON.parse(JSON.stringify(deposit ?? {})) as Partial<IDeposit>;
  const metadata = { ...empty.metadata, ...(copy.metadata ?? {}) };
  metadata.creators = Array.isArray(metadata.creators) ? metadata.creators : [];
  return {
    ...copy,
    metadata,
    access: { ...empty.access, ...(copy.access ?? {}) },
    communities: Array.isArray(copy.communities) ? copy.communities : []
  };
}

/**
 * The access mode of a deposit's access.
 */
export function accessMode(access: IAccess | undefined): AccessMode {
  if (access?.embargo?.active) {
    return 'embargo';
  }
  return access?.files === 'restricted' ? 'restricted' : 'open';
}

/**
 * The access of a mode: the record is always public; files are public when
 * open, restricted otherwise, and an embargo lifts on `until`.
 */
export function accessFor(
  mode: AccessMode,
  until: string | null = null,
  reason: string | null = null
): IAccess {
  const embargo = mode === 'embargo';
  return {
    record: 'public',
    files: mode === 'open' ? 'public' : 'restricted',
    embargo: {
      active: embargo,
      until: embargo ? until : null,
      reason: embargo ? reason : null
    }
  };
}

/**
 * A new person (for a creator list) or contributor (with a role).
 */
export function newPerson(list: EntityList = 'creators'): IEntity {
  const entity: IEntity = {
    person_or_org: { type: 'personal', given_name: '', family_name: '' },
    affiliations: []
  };
  if (list === 'contributors') {
    entity.role = { id: '' };
  }
  return entity;
}

/**
 * An entity turned into an organisation, or back into a person, keeping
 * what both have (identifiers, affiliations, role).
 */
export function withType(
  entity: IEntity,
  type: 'personal' | 'organizational'
): IEntity {
  const before = entity.person_or_org;
  const identifiers = before.identifiers ?? [];
  const person_or_org =
    type === 'personal'
      ? { type, given_name: '', family_name: before.name ?? '', identifiers }
      : {
          type,
          name:
            [before.given_name, before.family_name].filter(Boolean).join(' ') ||
            '',
          identifiers
        };
  return { ...entity, person_or_org };
}

/**
 * How an entity is called: `Family, Given` or the organisation's name.
 */
export function entityName(entity: IEntity): string {
  const p = entity.person_or_org;
  if (p.type === 'organizational') {
    return p.name ?? '';
  }
  return [p.family_name, p.given_name].filter(Boolean).join(', ');
}

/**
 * The ORCID of an entity, or an empty string.
 */
export function orcidOf(entity: IEntity): string {
  return (
    entity.person_or_org.identifiers?.find(id => id.scheme === 'orcid')
      ?.identifier ?? ''
  );
}

/**
 * The index of the ORCID among an entity's identifiers, or -1.
 */
export function orcidIndex(entity: IEntity): number {
  return (entity.person_or_org.identifiers ?? []).findIndex(
    id => id.scheme === 'orcid'
  );
}

/**
 * An entity with another ORCID (none when blank; an orcid.org URL is kept
 * in its bare form).
 */
export function withOrcid(entity: IEntity, value: string): IEntity {
  const others = (entity.person_or_org.identifiers ?? []).filter(
    id => id.scheme !== 'orcid'
  );
  const trimmed = value.trim();
  const identifiers = trimmed
    ? [
        {
          scheme: 'orcid',
          identifier: /orcid\.org\//i.test(trimmed)
            ? normalizeOrcid(trimmed)
            : trimmed
        },
        ...others
      ]
    : others;
  return {
    ...entity,
    person_or_org: { ...entity.person_or_org, identifiers }
  };
}

/**
 * Affiliations from a `;`-separated list of names.
 */
export function parseAffiliations(text: string): { name: string }[] {
  return text
    .split(';')
    .map(name => name.trim())
    .filter(Boolean)
    .map(name => ({ name }));
}

/**
 * Keywords (subjects) from a comma-separated list, without blanks.
 */
export function parseKeywords(text: string): { subject: string }[] {
  return text
    .split(',')
    .map(subject => subject.trim())
    .filter(Boolean)
    .map(subject => ({ subject }));
}

/**
 * A copy of a list with one item moved from one place to another.
 */
export function moved<T>(items: readonly T[], from: number, to: number): T[] {
  const copy = [...items];
  if (
    from < 0 ||
    from >= copy.length ||
    to < 0 ||
    to >= copy.length ||
    from === to
  ) {
    return copy;
  }
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item);
  return copy;
}
