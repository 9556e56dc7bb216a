/**
 * The client-side check of a deposit, for immediate feedback as the user
 * types. It mirrors the server's rules (docs/publishing.md); the server's
 * `POST metadata/validate` stays the authority. Field paths are
 * InvenioRDM's: `metadata.creators.0.person_or_org.family_name`.
 */
import { orcidProblem } from './orcid';
import {
  IDeposit,
  IEntity,
  IFieldError,
  IVocabularies,
  IVocabularyTerm,
  RepositoryKind
} from './types';

/**
 * What the check found.
 */
export interface IDepositCheck {
  errors: IFieldError[];
  warnings: IFieldError[];
}

/**
 * How to check.
 */
export interface IDepositCheckOptions {
  /** The target's kind: Zenodo requires a description. */
  kind?: RepositoryKind | null;
  /** The vocabularies ids must come from (unchecked when missing). */
  vocabularies?: IVocabularies | null;
  /** Today, `YYYY-MM-DD` (an embargo must end after it). */
  today?: string;
}

/**
 * The messages of the check; the form translates them.
 */
export type Translate = (text: string, ...args: any[]) => string;

const EDTF_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * The forms identifiers must have, per scheme.
 */
const IDENTIFIER_FORMS: Record<string, RegExp> = {
  doi: /^(https?:\/\/(dx\.)?doi\.org\/|doi:)?10\.\d{4,9}\/\S+$/i,
  url: /^https?:\/\/[^\s/]+\.?[^\s]*$/i,
  urn: /^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$/i,
  arxiv:
    /^(arxiv:)?(\d{4}\.\d{4,5}(v\d+)?|[a-z-]+(\.[a-z]{2})?\/\d{7}(v\d+)?)$/i,
  handle: /^\d+(\.\d+)*\/\S+$/,
  isbn: /^(97[89])?[\d-]{9,16}[\dX]$/i,
  issn: /^\d{4}-\d{3}[\dX]$/i,
  ror: /^(https:\/\/ror\.org\/)?0[a-z0-9]{6}\d{2}$/i
};

/**
 * Whether an EDTF level 0 date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) is a
 * real one.
 */
export function isEdtfDate(value: string): boolean {
  const match = EDTF_DATE.exec(value.trim());
  if (!match) {
    return false;
  }
  const [, , month, day] = match;
  const year = Number(match[1]);
  if (month === undefined) {
    return true;
  }
  const m = Number(month);
  if (m < 1 || m > 12) {
    return false;
  }
  if (day === undefined) {
    return true;
  }
  const d = Number(day);
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return d >= 1 && d <= last;
}

/**
 * Whether an identifier has its scheme's form (unknown schemes: any
 * non-blank identifier).
 */
export function hasSchemeForm(scheme: string, identifier: string): boolean {
  const value = identifier.trim();
  if (!value) {
    return false;
  }
  if (scheme === 'orcid') {
    return orcidProblem(value) === null;
  }
  const form = IDENTIFIER_FORMS[scheme];
  return form ? form.test(value) : true;
}

/**
 * Check a deposit.
 */
export function checkDeposit(
  deposit: IDeposit,
  options: IDepositCheckOptions = {},
  __: Translate = plain
): IDepositCheck {
  const errors: IFieldError[] = [];
  const warnings: IFieldError[] = [];
  const error = (field: string, message: string) =>
    errors.push({ field, message });
  const warn = (field: string, message: string) =>
    warnings.push({ field, message });
  const vocabularies = options.vocabularies ?? null;
  const known = (terms: IVocabularyTerm[] | undefined, id: string) =>
    !terms || terms.some(term => term.id.toLowerCase() === id.toLowerCase());
  const metadata = deposit.metadata ?? ({} as IDeposit['metadata']);

  const type = metadata.resource_type?.id ?? '';
  if (!type) {
    error('metadata.resource_type.id', __('Choose a resource type.'));
  } else if (!known(vocabularies?.resource_types, type)) {
    error('metadata.resource_type.id', __('Unknown resource type %1.', type));
  }
  if (!(metadata.title ?? '').trim()) {
    error('metadata.title', __('A title is required.'));
  }
  const date = metadata.publication_date ?? '';
  if (!date.trim()) {
    error('metadata.publication_date', __('A publication date is required.'));
  } else if (!isEdtfDate(date)) {
    error(
      'metadata.publication_date',
      __('Use a real date: YYYY, YYYY-MM or YYYY-MM-DD.')
    );
  }

  const creators = metadata.creators ?? [];
  if (creators.length === 0) {
    error('metadata.creators', __('Add at least one creator.'));
  }
  creators.forEach((entity, index) =>
    checkEntity(entity, `metadata.creators.${index}`, false)
  );
  (metadata.contributors ?? []).forEach((entity, index) =>
    checkEntity(entity, `metadata.contributors.${index}`, true)
  );

  if (!(metadata.description ?? '').trim()) {
    if (options.kind === 'zenodo') {
      error('metadata.description', __('Zenodo requires a description.'));
    } else {
      warn('metadata.description', __('A description helps others.'));
    }
  }

  (metadata.rights ?? []).forEach((right, index) => {
    if (!right.id || !known(vocabularies?.licenses, right.id)) {
      error(`metadata.rights.${index}.id`, __('Choose a known license.'));
    }
  });

  const subjects = metadata.subjects ?? [];
  const seen = new Set<string>();
  subjects.forEach((subject, index) => {
    const text = (subject.subject ?? '').trim();
    const field = `metadata.subjects.${index}.subject`;
    if (!text) {
      error(field, __('A keyword cannot be blank.'));
    } else if (seen.has(text.toLowerCase())) {
      error(field, __('Keyword %1 is there twice.', text));
    }
    seen.add(text.toLowerCase());
  });
  if (subjects.length === 0) {
    warn('metadata.subjects', __('Keywords help others find the record.'));
  }

  (metadata.related_identifiers ?? []).forEach((related, index) => {
    const field = `metadata.related_identifiers.${index}`;
    const scheme = related.scheme ?? '';
    if (!scheme || !known(vocabularies?.identifier_schemes, scheme)) {
      error(`${field}.scheme`, __('Choose the kind of identifier.'));
    }
    if (!(related.identifier ?? '').trim()) {
      error(`${field}.identifier`, __('The identifier is required.'));
    } else if (scheme && !hasSchemeForm(scheme, related.identifier)) {
      error(
        `${field}.identifier`,
        __('This is not a valid %1 identifier.', scheme.toUpperCase())
      );
    }
    const relation = related.relation_type?.id ?? '';
    if (!relation || !known(vocabularies?.relation_types, relation)) {
      error(`${field}.relation_type.id`, __('Choose the relation.'));
    }
  });

  const access = deposit.access;
  if (access?.embargo?.active) {
    const until = access.embargo.until ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(until) || !isEdtfDate(until)) {
      error('access.embargo.until', __('Give the date the embargo ends.'));
    } else if (options.today && until <= options.today) {
      error('access.embargo.until', __('The embargo must end after today.'));
    }
  }
  if (access?.files !== 'restricted' && (metadata.rights ?? []).length === 0) {
    warn('metadata.rights', __('Open records should carry a license.'));
  }
  return { errors, warnings };

  function checkEntity(entity: IEntity, path: string, contributor: boolean) {
    const p = entity.person_or_org ?? ({} as IEntity['person_or_org']);
    if (p.type === 'organizational') {
      if (!(p.name ?? '').trim()) {
        error(`${path}.person_or_org.name`, __('The name is required.'));
      }
    } else if (!(p.family_name ?? '').trim()) {
      error(
        `${path}.person_or_org.family_name`,
        __('The family name is required.')
      );
    }
    (p.identifiers ?? []).forEach((id, index) => {
      const field = `${path}.person_or_org.identifiers.${index}.identifier`;
      if (id.scheme === 'orcid') {
        const problem = orcidProblem(id.identifier ?? '');
        if (problem === 'form') {
          error(field, __('An ORCID looks like 0000-0002-1825-0097.'));
        } else if (problem === 'checksum') {
          error(field, __('This ORCID has a typo: its check digit is wrong.'));
        }
      } else if (id.scheme === 'ror' && !hasSchemeForm('ror', id.identifier)) {
        error(field, __('A ROR id has 9 characters.'));
      }
    });
    (entity.affiliations ?? []).forEach((affiliation, index) => {
      if (!(affiliation.name ?? '').trim() && !affiliation.id) {
        error(
          `${path}.affiliations.${index}.name`,
          __('An affiliation needs a name.')
        );
      }
    });
    if (contributor) {
      const role = entity.role?.id ?? '';
      if (!role) {
        error(`${path}.role.id`, __('Choose the role.'));
      } else if (!known(vocabularies?.roles, role)) {
        error(`${path}.role.id`, __('Unknown role %1.', role));
      }
    }
  }
}

/**
 * Untranslated messages, `%1` replaced.
 */
function plain(text: string, ...args: any[]): string {
  return args.reduce<string>(
    (done, arg, index) => done.replace(`%${index + 1}`, String(arg)),
    text
  );
}
