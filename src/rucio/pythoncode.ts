/**
 * The Python the Data panel sends to kernels: a variable holding a DID's
 * local paths. Names are checked
 * and paths are written as literals, so nothing a user or a notebook's
 * metadata supplies is ever run as code.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { IRucioPaths } from './types';

/**
 * Python's (hard) keywords: never valid variable names.
 */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield'
]);

/**
 * A Python identifier: a letter or `_`, then letters, digits, marks or `_`
 * (Unicode, as Python 3 allows).
 */
const IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;

/**
 * Why `name` cannot be a Python variable name, or null when it can.
 */
export function validateVariableName(
  name: string,
  trans: TranslationBundle = nullTranslator.load('vre_lab')
): string | null {
  if (name === '') {
    return trans.__('Enter a variable name.');
  }
  if (PYTHON_KEYWORDS.has(name)) {
    return trans.__('"%1" is a Python keyword.', name);
  }
  if (/^\p{Nd}/u.test(name)) {
    return trans.__('A variable name cannot start with a digit.');
  }
  if (!IDENTIFIER.test(name)) {
    return trans.__(
      'Use only letters, digits and "_" (no spaces, dots or dashes).'
    );
  }
  return null;
}

/**
 * Whether `name` is a valid Python variable name.
 */
export function isVariableName(name: string): boolean {
  return validateVariableName(name) === null;
}

/**
 * A variable name suggested for a DID: its name, made an identifier.
 */
export function suggestVariableName(did: string): string {
  const name = did.includes(':') ? did.slice(did.indexOf(':') + 1) : did;
  let candidate = name
    .replace(/\.[A-Za-z0-9]+$/, '')
    .replace(/[^\p{L}\p{Nd}_]+/gu, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  if (candidate === '' || /^\p{Nd}/u.test(candidate)) {
    candidate = `data_${candidate}`.replace(/_+$/, '');
  }
  if (PYTHON_KEYWORDS.has(candidate)) {
    candidate = `${candidate}_`;
  }
  return isVariableName(candidate) ? candidate : 'data';
}

/**
 * The value of a DID's paths in a kernel: a path for a file, a list of
 * paths for a collection.
 */
export function pathsValue(paths: IRucioPaths): string | string[] {
  if (paths.type === 'file') {
    if (paths.paths.length !== 1) {
      throw new Error(
        `A file DID has one path, not ${paths.paths.length} (${paths.did})`
      );
    }
    return String(paths.paths[0]);
  }
  return paths.paths.map(String);
}

/**
 * The Python value of a DID's paths: a string for a file, a list of
 * strings for a collection. JSON string literals are valid Python string
 * literals.
 */
export function pythonLiteral(paths: IRucioPaths): string {
  const value = pathsValue(paths);
  return typeof value === 'string'
    ? JSON.stringify(value)
    : `[${value.map(path => JSON.stringify(path)).join(', ')}]`;
}

/**
 * The statement binding `variable` to a DID's paths in a kernel.
 *
 * @throws {Error} when `variable` is not a valid Python variable name
 */
export function assignmentCode(variable: string, paths: IRucioPaths): string {
  const problem = validateVariableName(variable);
  if (problem !== null) {
    throw new Error(problem);
  }
  return `${variable} = ${pythonLiteral(paths)}`;
}

/**
 * The code making a kernel wait for the values of `variables` from the lab
 * (over stdin; vre_lab/kernel/attachments.py).
 *
 * @throws {Error} when a name is not a valid Python variable name
 */
export function receiveCode(variables: string[]): string {
  for (const variable of variables) {
    const problem = validateVariableName(variable);
    if (problem !== null) {
      throw new Error(problem);
    }
  }
  return [
    "__import__('vre_lab.kernel.attachments', fromlist=['receive']).receive(",
    `    get_ipython(), ${JSON.stringify(variables)}`,
    ')'
  ].join('\n');
}
