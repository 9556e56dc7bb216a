import {
  assignmentCode,
  isVariableName,
  pythonLiteral,
  suggestVariableName,
  validateVariableName
} from '../rucio/pythoncode';

describe('validateVariableName', () => {
  it.each(['events', '_x', 'data2012', 'événements', 'Ω', 'match', 'case'])(
    'accepts %s',
    name => {
      expect(validateVariableName(name)).toBeNull();
      expect(isVariableName(name)).toBe(true);
    }
  );

  it.each([
    ['', /Enter a variable name/],
    ['class', /keyword/],
    ['None', /keyword/],
    ['lambda', /keyword/],
    ['2events', /cannot start with a digit/],
    ['my-events', /letters, digits/],
    ['my events', /letters, digits/],
    ['a.b', /letters, digits/],
    ['x;import os', /letters, digits/],
    ['x=1', /letters, digits/]
  ])('rejects "%s"', (name, message) => {
    expect(validateVariableName(name)).toMatch(message);
    expect(isVariableName(name)).toBe(false);
  });
});

describe('suggestVariableName', () => {
  it('makes an identifier of the DID name', () => {
    expect(suggestVariableName('demo:higgs4l-data-2012B-DoubleMuon')).toBe(
      'higgs4l_data_2012b_doublemuon'
    );
    expect(suggestVariableName('user.root:events_0001.csv')).toBe(
      'events_0001'
    );
    expect(suggestVariableName('demo:2012')).toBe('data_2012');
    expect(suggestVariableName('demo:class')).toBe('class_');
  });
});

describe('pythonLiteral', () => {
  it('is a string for a file DID', () => {
    expect(
      pythonLiteral({
        did: 'demo:a.csv',
        type: 'file',
        mode: 'download',
        paths: ['/data/demo/a.csv']
      })
    ).toBe('"/data/demo/a.csv"');
  });

  it('is a list of strings for a collection', () => {
    expect(
      pythonLiteral({
        did: 'demo:ds',
        type: 'dataset',
        mode: 'download',
        paths: ['/d/a.csv', '/d/b.csv']
      })
    ).toBe('["/d/a.csv", "/d/b.csv"]');
    expect(
      pythonLiteral({
        did: 'demo:empty',
        type: 'container',
        mode: 'replica',
        paths: []
      })
    ).toBe('[]');
  });

  it('escapes quotes, backslashes and newlines so a path cannot break out', () => {
    const literal = pythonLiteral({
      did: 'demo:x',
      type: 'file',
      mode: 'download',
      paths: ['/d/a"b\\c\nimport os']
    });

    expect(literal).toBe('"/d/a\\"b\\\\c\\nimport os"');
    expect(literal).not.toContain('\n');
  });

  it('refuses a file DID with several paths', () => {
    expect(() =>
      pythonLiteral({
        did: 'demo:x',
        type: 'file',
        mode: 'download',
        paths: ['/a', '/b']
      })
    ).toThrow(/one path/);
  });
});

describe('assignmentCode', () => {
  it('binds the variable to the literal', () => {
    expect(
      assignmentCode('events', {
        did: 'demo:ds',
        type: 'dataset',
        mode: 'download',
        paths: ['/d/a.csv']
      })
    ).toBe('events = ["/d/a.csv"]');
  });

  it('refuses a name that is not an identifier', () => {
    expect(() =>
      assignmentCode('import os; x', {
        did: 'demo:ds',
        type: 'dataset',
        mode: 'download',
        paths: []
      })
    ).toThrow();
  });
});
