/**
 * The sizes of the files and folders chosen for publishing, from the lab's
 * contents service (a folder's size is that of the files it holds; hidden
 * files are left out, as the upload leaves them out).
 */
import { Contents } from '@jupyterlab/services';

import { IChosenFile } from './formmodel';

/**
 * Get a path's model (the contents manager's `get`).
 */
export type ContentsGetter = (
  path: string,
  options: Contents.IFetchOptions
) => Promise<Contents.IModel>;

/**
 * The most entries walked per folder before its size is called unknown.
 */
const MAX_ENTRIES = 5000;

/**
 * List chosen paths with their sizes.
 */
export async function chosenFiles(
  get: ContentsGetter,
  paths: string[]
): Promise<IChosenFile[]> {
  return Promise.all(
    paths.map(async path => {
      try {
        const model = await get(path, { content: false });
        if (model.type !== 'directory') {
          return { path, type: 'file' as const, size: model.size ?? null };
        }
        const walked = await walk(get, path, { files: 0, entries: 0 });
        return {
          path,
          type: 'directory' as const,
          size: walked ? walked.size : null,
          files: walked?.files
        };
      } catch {
        return { path, type: 'file' as const, size: null };
      }
    })
  );
}

async function walk(
  get: ContentsGetter,
  path: string,
  seen: { files: number; entries: number }
): Promise<{ size: number; files: number } | null> {
  const folder = await get(path, { content: true });
  let size = 0;
  let files = 0;
  for (const item of (folder.content ?? []) as Contents.IModel[]) {
    if (item.name.startsWith('.') || item.name === '.ipynb_checkpoints') {
      continue;
    }
    if (++seen.entries > MAX_ENTRIES) {
      return null;
    }
    if (item.type === 'directory') {
      const inner = await walk(get, item.path, seen);
      if (!inner) {
        return null;
      }
      size += inner.size;
      files += inner.files;
    } else {
      size += item.size ?? 0;
      files++;
    }
  }
  return { size, files };
}
