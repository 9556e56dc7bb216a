import {
  isValidOrcid,
  normalizeOrcid,
  orcidCheckCharacter,
  orcidProblem
} from '../zenodo/orcid';

describe('ORCID', () => {
  it('computes the ISO 7064 Mod 11-2 check character', () => {
    // ORCID's own examples.
    expect(orcidCheckCharacter('000000021825009')).toBe('7');
    expect(orcidCheckCharacter('000000021694233')).toBe('X');
  });

  it('accepts valid iDs, bare or as orcid.org URLs', () => {
    expect(isValidOrcid('0000-0002-1825-0097')).toBe(true);
    expect(isValidOrcid('0000-0002-1694-233X')).toBe(true);
    expect(isValidOrcid('0000-0002-1694-233x')).toBe(true);
    expect(isValidOrcid('https://orcid.org/0000-0002-1825-0097')).toBe(true);
    expect(isValidOrcid(' http://orcid.org/0000-0002-1825-0097 ')).toBe(true);
  });

  it('tells a wrong form from a wrong checksum', () => {
    expect(orcidProblem('0000-0002-1825-0098')).toBe('checksum');
    expect(orcidProblem('0000-0002-1825')).toBe('form');
    expect(orcidProblem('0000000218250097')).toBe('form');
    expect(orcidProblem('0000-0002-1825-009Y')).toBe('form');
    expect(orcidProblem('')).toBe('form');
  });

  it('normalises URLs to the bare form', () => {
    expect(normalizeOrcid('https://orcid.org/0000-0002-1694-233x')).toBe(
      '0000-0002-1694-233X'
    );
  });
});
