/**
 * A deposit being edited: each edit makes a new deposit (the old one is
 * never changed) and checks it again in the browser (`validate.ts`, the
 * server's schema). Pure: no server, no lab, nothing but the deposit and
 * its check; the publish form (`formmodel.ts`) adds the lifecycle around
 * it (prefill, the server's check, the upload, the DOI).
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import {
  AccessMode,
  accessFor,
  editableDeposit,
  EntityList,
  moved,
  newPerson,
  parseKeywords,
  today,
  withType
} from './deposit';
import {
  IDeposit,
  IEntity,
  IRelatedIdentifier,
  IVocabularies,
  RepositoryKind
} from './types';
import { checkDeposit, IDepositCheck } from './validate';

/**
 * The deposit of a form, its edits and its client-side check.
 */
export class DepositEditor implements IDisposable {
  constructor(options: DepositEditor.IOptions = {}) {
    this.today = options.today ?? today();
    this.trans = options.trans ?? nullTranslator.load('vre_lab');
    this._deposit = editableDeposit(options.deposit ?? null);
  }

  /**
   * `YYYY-MM-DD`: an embargo must end after it.
   */
  readonly today: string;

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get deposit(): IDeposit {
    return this._deposit;
  }

  get vocabularies(): IVocabularies | null {
    return this._vocabularies;
  }

  /**
   * What the browser's check of the deposit found.
   */
  get check(): IDepositCheck {
    return this._check;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Change the deposit (on a copy) and check it again.
   */
  edit(change: (deposit: IDeposit) => void): void {
    const copy = JSON.parse(JSON.stringify(this._deposit)) as IDeposit;
    change(copy);
    this._deposit = copy;
    this.changedDeposit();
  }

  /**
   * Add a person (or organisation) at the end of the creators or
   * contributors.
   */
  addEntity(list: EntityList, type: 'personal' | 'organizational'): void {
    const entity =
      type === 'personal'
        ? newPerson(list)
        : withType(newPerson(list), 'organizational');
    this.edit(d => {
      d.metadata[list] = [...(d.metadata[list] ?? []), entity];
    });
  }

  removeEntity(list: EntityList, index: number): void {
    this.edit(d => {
      d.metadata[list] = (d.metadata[list] ?? []).filter((_, i) => i !== index);
    });
  }

  moveEntity(list: EntityList, from: number, to: number): void {
    this.edit(d => {
      d.metadata[list] = moved(d.metadata[list] ?? [], from, to);
    });
  }

  setEntity(list: EntityList, index: number, entity: IEntity): void {
    this.edit(d => {
      const entities = [...(d.metadata[list] ?? [])];
      entities[index] = entity;
      d.metadata[list] = entities;
    });
  }

  /**
   * Add keywords from a comma-separated text (duplicates are left out).
   */
  addKeywords(text: string): void {
    const have = new Set(
      (this._deposit.metadata.subjects ?? []).map(s => s.subject.toLowerCase())
    );
    const added = parseKeywords(text).filter(s => {
      const key = s.subject.toLowerCase();
      const fresh = !have.has(key);
      have.add(key);
      return fresh;
    });
    if (added.length) {
      this.edit(d => {
        d.metadata.subjects = [...(d.metadata.subjects ?? []), ...added];
      });
    }
  }

  removeKeyword(index: number): void {
    this.edit(d => {
      d.metadata.subjects = (d.metadata.subjects ?? []).filter(
        (_, i) => i !== index
      );
    });
  }

  setLicense(id: string): void {
    this.edit(d => {
      d.metadata.rights = id ? [{ id }] : [];
    });
  }

  setAccess(mode: AccessMode, until?: string | null, reason?: string | null) {
    const embargo = this._deposit.access.embargo;
    this.edit(d => {
      d.access = accessFor(
        mode,
        until === undefined ? (embargo?.until ?? null) : until,
        reason === undefined ? (embargo?.reason ?? null) : reason
      );
    });
  }

  addRelated(related?: Partial<IRelatedIdentifier>): void {
    this.edit(d => {
      d.metadata.related_identifiers = [
        ...(d.metadata.related_identifiers ?? []),
        {
          identifier: '',
          scheme: 'doi',
          relation_type: { id: 'isderivedfrom' },
          ...related
        }
      ];
    });
  }

  setRelated(index: number, related: IRelatedIdentifier): void {
    this.edit(d => {
      const list = [...(d.metadata.related_identifiers ?? [])];
      list[index] = related;
      d.metadata.related_identifiers = list;
    });
  }

  removeRelated(index: number): void {
    this.edit(d => {
      d.metadata.related_identifiers = (
        d.metadata.related_identifiers ?? []
      ).filter((_, i) => i !== index);
    });
  }

  addCommunity(id: string): void {
    if (!id || (this._deposit.communities ?? []).includes(id)) {
      return;
    }
    this.edit(d => {
      d.communities = [...(d.communities ?? []), id];
    });
  }

  removeCommunity(id: string): void {
    this.edit(d => {
      d.communities = (d.communities ?? []).filter(c => c !== id);
    });
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    Signal.clearData(this);
  }

  /**
   * Start from another deposit (a prefill, a draft) and its vocabularies.
   */
  protected reset(
    deposit: Partial<IDeposit> | null,
    vocabularies?: IVocabularies | null
  ): void {
    this._deposit = editableDeposit(deposit);
    if (vocabularies !== undefined) {
      this._vocabularies = vocabularies;
    }
  }

  /**
   * The kind of repository the deposit goes to (Zenodo wants more).
   */
  protected get kind(): RepositoryKind | null {
    return null;
  }

  /**
   * Check the deposit again, and say it changed.
   */
  protected changedDeposit(): void {
    this._check = checkDeposit(
      this._deposit,
      { kind: this.kind, vocabularies: this._vocabularies, today: this.today },
      // The messages are literals of the schema, translated here.
      // eslint-disable-next-line jupyter/no-dynamic-translation
      (text, ...args) => this.trans.__(text, ...args)
    );
    this.emit();
  }

  protected emit(): void {
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  protected readonly trans: TranslationBundle;
  private _changed = new Signal<this, void>(this);
  private _check: IDepositCheck = { errors: [], warnings: [] };
  private _deposit: IDeposit;
  private _isDisposed = false;
  private _vocabularies: IVocabularies | null = null;
}

/**
 * The namespace for `DepositEditor` statics.
 */
export namespace DepositEditor {
  export interface IOptions {
    /** What to start from (a new deposit by default). */
    deposit?: Partial<IDeposit> | null;
    /** `YYYY-MM-DD` (tests). */
    today?: string;
    trans?: TranslationBundle;
  }
}
