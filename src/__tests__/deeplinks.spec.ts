import { parseLink } from '../deeplinks';

describe('parseLink', () => {
  it('reads a DID, a reana.yaml or a record from the query string', () => {
    expect(parseLink('?vre-did=demo:higgs4l-data')).toEqual({
      kind: 'did',
      did: 'demo:higgs4l-data'
    });
    expect(parseLink('?reset&vre-workflow=demo/reana.yaml')).toEqual({
      kind: 'workflow',
      path: 'demo/reana.yaml'
    });
    expect(parseLink('?vre-record=zenodo/12345')).toEqual({
      kind: 'record',
      repository: 'zenodo',
      id: '12345'
    });
  });

  it('ignores what is not one of them, or leads out', () => {
    expect(parseLink('?vre-did=no-scope')).toBeNull();
    expect(parseLink('?vre-workflow=../../etc/reana.yaml')).toBeNull();
    expect(parseLink('?vre-workflow=notes.txt')).toBeNull();
    expect(parseLink('?vre-record=zenodo/1/files')).toBeNull();
    expect(parseLink('?other=1')).toBeNull();
  });
});
