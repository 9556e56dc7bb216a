/**
 * Where a publish form's deposit starts from: the draft it continues, the
 * record it makes a new version of (dated today, its version left out), or
 * the server's prefill of the chosen files (their CITATION.cff or
 * codemeta.json, the last deposit, the defaults).
 */
import { TranslationBundle } from '@jupyterlab/translation';

import { PublishClient } from './client';
import { editableDeposit } from './deposit';
import { IPrefill } from './types';

/**
 * What to start from.
 */
export interface IPrefillSource {
  repository: string;
  /** Continue this draft. */
  draft: string | null;
  /** Make a new version of this published record. */
  newVersionOf: string | null;
  /** Otherwise: prefill from these files and folders. */
  paths: readonly string[];
  /** `YYYY-MM-DD`: a new version's publication date. */
  today: string;
}

/**
 * The deposit to start from, and where its values came from (for people).
 */
export async function prefillDeposit(
  client: PublishClient,
  source: IPrefillSource,
  trans: TranslationBundle
): Promise<IPrefill> {
  if (source.draft) {
    const record = await client.record(source.repository, source.draft, true);
    return { deposit: record.deposit, sources: [trans.__('the draft')] };
  }
  if (source.newVersionOf) {
    const record = await client.record(source.repository, source.newVersionOf);
    const deposit = editableDeposit(record.deposit);
    deposit.metadata.publication_date = source.today;
    delete deposit.metadata.version;
    return { deposit, sources: [trans.__('the previous version')] };
  }
  const prefill = await client.prefill(source.paths);
  return {
    deposit: prefill.deposit,
    sources: Array.isArray(prefill.sources) ? prefill.sources : []
  };
}
