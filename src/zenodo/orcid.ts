/**
 * ORCID iDs: their form `dddd-dddd-dddd-dddX` and their ISO 7064 Mod 11-2
 * check character. Pure functions, no lab needed.
 */

const BARE = /^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/;
const URL_PREFIX = /^https?:\/\/(www\.)?orcid\.org\//i;

/**
 * The check character (`0`–`9` or `X`) of the 15 base digits of an ORCID iD.
 */
export function orcidCheckCharacter(baseDigits: string): string {
  let total = 0;
  for (const char of baseDigits) {
    total = (total + Number(char)) * 2;
  }
  const result = (12 - (total % 11)) % 11;
  return result === 10 ? 'X' : String(result);
}

/**
 * The bare form of an ORCID iD (`https://orcid.org/…` and spaces removed,
 * `x` upper-cased), whether or not it is valid.
 */
export function normalizeOrcid(value: string): string {
  return value.trim().replace(URL_PREFIX, '').toUpperCase();
}

/**
 * Why an ORCID iD is not valid, or null when it is.
 */
export function orcidProblem(value: string): 'form' | 'checksum' | null {
  const bare = normalizeOrcid(value);
  if (!BARE.test(bare)) {
    return 'form';
  }
  const digits = bare.replace(/-/g, '');
  return orcidCheckCharacter(digits.slice(0, 15)) === digits[15]
    ? null
    : 'checksum';
}

/**
 * Whether a value is a valid ORCID iD (bare or as an orcid.org URL).
 */
export function isValidOrcid(value: string): boolean {
  return orcidProblem(value) === null;
}
