/**
 * DIDs attached to a notebook as variables, kept in the notebook's metadata
 * under `vre_lab` → `rucio` as a list of `{variable, did, instance, mode}`,
 * so that they come back whenever the notebook's kernel starts.
 */
import { isVariableName } from './pythoncode';
import { RucioMode } from './types';

/**
 * The notebook metadata key of vre-lab.
 */
export const METADATA_KEY = 'vre_lab';

/**
 * A DID attached to a notebook.
 */
export interface IAttachment {
  /** The Python variable holding the DID's local path(s). */
  variable: string;
  /** `SCOPE:NAME`. */
  did: string;
  /** The Rucio instance's name. */
  instance: string;
  /** How the DID is made available. */
  mode: RucioMode;
}

/**
 * The part of a notebook model that holds metadata (JupyterLab 4).
 */
export interface IMetadataHolder {
  getMetadata(key: string): any;
  setMetadata(key: string, value: any): void;
}

/**
 * Whether a value read from metadata is a usable attachment. Entries from a
 * notebook may be anything: only well-formed ones are ever injected.
 */
export function isAttachment(value: unknown): value is IAttachment {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.variable === 'string' &&
    isVariableName(entry.variable) &&
    typeof entry.did === 'string' &&
    /^[^:\s]+:\S.*$/.test(entry.did) &&
    typeof entry.instance === 'string' &&
    /^[A-Za-z0-9_.-]{1,64}$/.test(entry.instance) &&
    (entry.mode === 'replica' || entry.mode === 'download')
  );
}

/**
 * The attachments recorded in a notebook's metadata (malformed entries are
 * left out).
 */
export function readAttachments(model: IMetadataHolder): IAttachment[] {
  const section = model.getMetadata(METADATA_KEY);
  const list =
    typeof section === 'object' && section !== null ? section.rucio : null;
  if (!Array.isArray(list)) {
    return [];
  }
  return list.filter(isAttachment).map(entry => ({
    variable: entry.variable,
    did: entry.did,
    instance: entry.instance,
    mode: entry.mode
  }));
}

/**
 * Record the attachments in a notebook's metadata, keeping whatever else
 * vre-lab keeps there.
 */
export function writeAttachments(
  model: IMetadataHolder,
  attachments: readonly IAttachment[]
): void {
  const section = model.getMetadata(METADATA_KEY);
  const rest =
    typeof section === 'object' && section !== null && !Array.isArray(section)
      ? section
      : {};
  model.setMetadata(METADATA_KEY, {
    ...rest,
    rucio: attachments.map(a => ({
      variable: a.variable,
      did: a.did,
      instance: a.instance,
      mode: a.mode
    }))
  });
}

/**
 * Add an attachment, replacing any with the same variable.
 */
export function addAttachment(
  model: IMetadataHolder,
  attachment: IAttachment
): void {
  const others = readAttachments(model).filter(
    a => a.variable !== attachment.variable
  );
  writeAttachments(model, [...others, attachment]);
}

/**
 * Remove the attachment of a variable.
 */
export function removeAttachment(
  model: IMetadataHolder,
  variable: string
): void {
  writeAttachments(
    model,
    readAttachments(model).filter(a => a.variable !== variable)
  );
}
