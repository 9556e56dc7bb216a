/**
 * Opening a file of the lab's tree in the text editor at a line and column
 * (a validation issue).
 */
import type { IDocumentManager } from '@jupyterlab/docmanager';

/**
 * The part of a code editor used here.
 */
interface IPositionableEditor {
  setCursorPosition(position: { line: number; column: number }): void;
  revealPosition(position: { line: number; column: number }): void;
  focus(): void;
}

/**
 * Open `path` in the editor and put the cursor at a 1-based line and
 * column (the first line when unknown).
 *
 * @returns whether the editor could be positioned
 */
export async function openAtLine(
  docManager: IDocumentManager,
  path: string,
  line: number | null,
  column: number | null
): Promise<boolean> {
  const widget = docManager.openOrReveal(path, 'Editor');
  if (!widget) {
    return false;
  }
  await widget.context.ready;
  await widget.revealed;
  const editor = (widget.content as { editor?: IPositionableEditor }).editor;
  if (!editor || typeof editor.setCursorPosition !== 'function') {
    return false;
  }
  const position = {
    line: Math.max(0, (line ?? 1) - 1),
    column: Math.max(0, (column ?? 1) - 1)
  };
  editor.setCursorPosition(position);
  editor.revealPosition(position);
  editor.focus();
  return true;
}
