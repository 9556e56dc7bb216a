/**
 * What a publish form works with besides the deposit and its files:
 * where it stands, and the draft an upload leaves.
 */
import { PathExt } from '@jupyterlab/coreutils';

import { IPublished } from './types';

/**
 * Where the form stands.
 *
 * - `loading`: prefilling.
 * - `editing`: the user edits; `canSubmit` says whether it can go.
 * - `uploading`: the upload (or export) job runs; `job` has its progress.
 * - `uploaded`: the draft is complete on the repository, not published.
 * - `failed`: the upload failed or was interrupted: resume or discard.
 * - `done`: published (`published`) or exported (`exportedPath`).
 */
export type FormPhase =
  'loading' | 'editing' | 'uploading' | 'uploaded' | 'failed' | 'done';

/**
 * What a successful upload left: a draft ready to publish.
 */
export interface IUploadedDraft {
  repository: string;
  draft: string;
  title: string;
  /** The folder whose CITATION.cff may receive the DOI. */
  citationFolder: string | null;
}

/**
 * Ask the user whether to publish an uploaded draft, and publish it.
 *
 * @returns the published record, or null when the user kept the draft
 */
export type PublishAsker = (
  draft: IUploadedDraft
) => Promise<IPublished | null>;

/**
 * The folder holding all paths ('' for the server root), or null.
 */
export function commonFolder(paths: readonly string[]): string | null {
  if (paths.length === 0) {
    return null;
  }
  const parts = paths.map(p => PathExt.dirname(p).split('/').filter(Boolean));
  const common: string[] = [];
  for (let i = 0; parts.every(p => i < p.length); i++) {
    const part = parts[0][i];
    if (!parts.every(p => p[i] === part)) {
      break;
    }
    common.push(part);
  }
  return common.join('/');
}
