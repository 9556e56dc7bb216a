import { DepositEditor } from '../zenodo/depositeditor';
import { depositBody } from './publish-fixtures';

describe('DepositEditor', () => {
  it('edits a copy and checks it again, with no server', () => {
    const editor = new DepositEditor({
      deposit: depositBody(),
      today: '2026-06-01'
    });
    let changes = 0;
    editor.changed.connect(() => changes++);
    const before = editor.deposit;

    editor.edit(d => {
      d.metadata.title = '';
    });
    expect(before.metadata.title).not.toBe('');
    expect(editor.check.errors).toEqual([
      { field: 'metadata.title', message: 'A title is required.' }
    ]);

    editor.addEntity('creators', 'organizational');
    const at = editor.deposit.metadata.creators.length - 1;
    expect(editor.check.errors.map(e => e.field)).toContain(
      `metadata.creators.${at}.person_or_org.name`
    );
    editor.removeEntity('creators', at);
    editor.addKeywords('higgs, Higgs, top');
    expect(
      (editor.deposit.metadata.subjects ?? []).filter(
        s => s.subject.toLowerCase() === 'higgs'
      )
    ).toHaveLength(1);
    editor.setAccess('embargo', '2026-05-01', 'paper');
    expect(editor.check.errors.map(e => e.field)).toContain(
      'access.embargo.until'
    );
    expect(changes).toBe(5);
    editor.dispose();
    expect(editor.isDisposed).toBe(true);
  });
});
