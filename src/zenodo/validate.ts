/**
 * The client-side check of a deposit, for immediate feedback as the user
 * types. The rules and their messages are the deposit's JSON Schema,
 * `vre_lab/zenodo/deposit.schema.json`: the very file the server checks
 * with (`vre_lab/zenodo/validation.py`), read here with ajv (which
 * JupyterLab ships). What only code can tell stays code, once: the
 * schema's own keywords (`vocabulary`, `distinctBy`, `afterToday`,
 * `identifierChecks`) are a few lines on each side, and the exact form of
 * identifiers (check digits: idutils) is the server's, but for the ORCID
 * check digit, which `orcid.ts` knows for the ORCID field anyway. The
 * server's `POST metadata/validate` stays the authority. Field paths are
 * InvenioRDM's: `metadata.creators.0.person_or_org.family_name`.
 *
 * Unlike the server, the form reads an empty row as a row to fill in (or
 * remove): the server skips them, as its normal form drops them.
 */
import Ajv, { AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv';
import type { DataValidationCxt, SchemaValidateFunction } from 'ajv/dist/types';

import schemaFile from '../../vre_lab/zenodo/deposit.schema.json';
import { orcidProblem } from './orcid';
import {
  IDeposit,
  IFieldError,
  IVocabularies,
  IVocabularyTerm,
  RepositoryKind
} from './types';

/**
 * The deposit's JSON Schema (shared with the server).
 */
export const depositSchema: AnySchemaObject = schemaFile;

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

function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && isEdtfDate(value);
}

const definitions = depositSchema.definitions as Record<string, any>;

/**
 * The form of identifiers, per scheme, as the schema states it.
 */
const IDENTIFIER_FORMS: Record<string, RegExp> = {};
for (const rule of definitions.identifierForms.allOf as any[]) {
  IDENTIFIER_FORMS[rule.if.properties.scheme.const] = new RegExp(
    rule.then.properties.identifier.pattern
  );
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
  const checks = compiled();
  const value = tidy(deposit);
  context = {
    vocabularies: options.vocabularies ?? null,
    today: options.today ?? null
  };
  const errors = found(checks.rules, value);
  if (options.kind === 'zenodo') {
    const flagged = new Set(errors.map(e => e.field));
    errors.push(
      ...found(checks.zenodo, value).filter(e => !flagged.has(e.field))
    );
  }
  const flagged = new Set(errors.map(e => e.field));
  const warnings = found(checks.advice, value).filter(
    w => !flagged.has(w.field)
  );
  const translated = (problem: IProblem): IFieldError => ({
    field: problem.field,
    message: __(problem.text, ...problem.args)
  });
  return {
    errors: errors.map(translated),
    warnings: warnings.map(translated)
  };
}

/**
 * A problem at a field: the schema's message, and what replaces `%1`.
 */
interface IProblem {
  field: string;
  text: string;
  args: string[];
}

/**
 * What the schema's own keywords need to know.
 */
let context: {
  vocabularies: IVocabularies | null;
  today: string | null;
} = { vocabularies: null, today: null };

let checks: {
  rules: ValidateFunction;
  advice: ValidateFunction;
  zenodo: ValidateFunction;
} | null = null;

function compiled(): NonNullable<typeof checks> {
  if (!checks) {
    // `strict: false`: the schema carries its messages as keywords of
    // its own, which ajv (and jsonschema) leave alone.
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
    ajv.addFormat('edtf-date', isEdtfDate);
    ajv.addFormat('day', isDay);
    for (const [keyword, validate] of Object.entries(KEYWORDS)) {
      ajv.addKeyword({ keyword, validate, errors: true });
    }
    checks = {
      rules: ajv.compile(depositSchema),
      advice: ajv.compile(definitions.advice),
      zenodo: ajv.compile(definitions.zenodo)
    };
  }
  return checks;
}

/**
 * The deposit as the schema reads it: text trimmed, blank text and nulls
 * absent, `metadata` present.
 */
function tidy(value: unknown): unknown {
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') {
      return item.trim();
    }
    if (Array.isArray(item)) {
      return item.map(walk);
    }
    if (item && typeof item === 'object') {
      const kept: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(item)) {
        const blank = typeof v === 'string' && !v.trim();
        if (v !== null && v !== undefined && !blank) {
          kept[key] = walk(v);
        }
      }
      return kept;
    }
    return item;
  };
  const tidied = walk(value) as Record<string, unknown>;
  if (tidied && typeof tidied === 'object' && !Array.isArray(tidied)) {
    tidied.metadata = tidied.metadata ?? {};
  }
  return tidied;
}

/**
 * The first problem of each field, as the schema words it.
 */
function found(validate: ValidateFunction, value: unknown): IProblem[] {
  validate(value);
  const problems = new Map<string, IProblem>();
  for (const error of validate.errors ?? []) {
    const problem = explained(error);
    if (problem && !problems.has(problem.field)) {
      problems.set(problem.field, problem);
    }
  }
  return [...problems.values()];
}

function explained(error: ErrorObject): IProblem | null {
  const at = fieldOf(error.instancePath);
  const schema = (error.parentSchema ?? {}) as AnySchemaObject;
  switch (error.keyword) {
    case 'if':
      return null; // the failing `then` or `else` says what is wrong
    case 'required': {
      const missing = error.params.missingProperty as string;
      const texts = (schema.messages?.required ?? {}) as Record<string, string>;
      const key =
        Object.keys(texts).find(
          k => k === missing || k.startsWith(`${missing}.`)
        ) ?? missing;
      return problem(join(at, key), texts[key]);
    }
    case 'vocabulary':
    case 'distinctBy':
    case 'afterToday':
    case 'identifierChecks':
      // Our keywords put their message and its value in `params`.
      return problem(at, error.params.text, ...(error.params.args ?? []));
    case 'type': {
      const types = ([] as string[]).concat(schema.type);
      return problem(
        at,
        schema.messages?.type ?? depositSchema.typeMessages[types[0]]
      );
    }
    default:
      return problem(at, schema.messages?.[error.keyword], error.data);
  }
}

function problem(field: string, text: unknown, ...args: unknown[]): IProblem {
  return {
    field,
    text: typeof text === 'string' ? text : depositSchema.fallbackMessage,
    args: args.map(String)
  };
}

function fieldOf(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function join(at: string, key: string): string {
  return at ? `${at}.${key}` : key;
}

/**
 * An error of one of our keywords (`at`: below the value checked).
 */
function ownError(
  keyword: string,
  cxt: DataValidationCxt | undefined,
  text: string,
  args: string[] = [],
  at: (string | number)[] = []
): Partial<ErrorObject> {
  const suffix = at.map(part => `/${part}`).join('');
  return {
    keyword,
    instancePath: `${cxt?.instancePath ?? ''}${suffix}`,
    params: { text, args }
  };
}

const vocabulary: SchemaValidateFunction = (name, data, parent, cxt) => {
  const terms = context.vocabularies?.[name as keyof IVocabularies] as
    IVocabularyTerm[] | undefined;
  if (typeof data !== 'string' || !terms || terms.some(t => t.id === data)) {
    return true;
  }
  vocabulary.errors = [
    ownError('vocabulary', cxt, parent?.messages?.vocabulary, [data])
  ];
  return false;
};

const distinctBy: SchemaValidateFunction = (keys, data, parent, cxt) => {
  if (!Array.isArray(data)) {
    return true;
  }
  const seen = new Set<string>();
  const errors: Partial<ErrorObject>[] = [];
  data.forEach((item, index) => {
    if (!item || typeof item !== 'object') {
      return;
    }
    const text: string =
      (keys as string[])
        .map(key => item[key])
        .find(v => typeof v === 'string' && v) ?? '';
    if (text && seen.has(text.toLowerCase())) {
      errors.push(
        ownError(
          'distinctBy',
          cxt,
          parent?.messages?.distinctBy,
          [text],
          [index, keys[0]]
        )
      );
    }
    seen.add(text.toLowerCase());
  });
  distinctBy.errors = errors;
  return errors.length === 0;
};

const afterToday: SchemaValidateFunction = (on, data, parent, cxt) => {
  if (!on || !context.today || typeof data !== 'string' || !isDay(data)) {
    return true;
  }
  if (data > context.today) {
    return true;
  }
  afterToday.errors = [
    ownError('afterToday', cxt, parent?.messages?.afterToday)
  ];
  return false;
};

/**
 * The browser's part of the exact checks: the ORCID check digit.
 */
const identifierChecks: SchemaValidateFunction = (on, data, parent, cxt) => {
  const form = IDENTIFIER_FORMS.orcid;
  if (
    !on ||
    data?.scheme !== 'orcid' ||
    typeof data.identifier !== 'string' ||
    !form.test(data.identifier) ||
    orcidProblem(data.identifier) !== 'checksum'
  ) {
    return true;
  }
  identifierChecks.errors = [
    ownError(
      'identifierChecks',
      cxt,
      definitions.identifierMessages.orcid,
      [],
      ['identifier']
    )
  ];
  return false;
};

const KEYWORDS: Record<string, SchemaValidateFunction> = {
  vocabulary,
  distinctBy,
  afterToday,
  identifierChecks
};

/**
 * Untranslated messages, `%1` replaced.
 */
function plain(text: string, ...args: any[]): string {
  return args.reduce<string>(
    (done, arg, index) => done.replace(`%${index + 1}`, String(arg)),
    text
  );
}
