/**
 * The server's check of a deposit (`POST metadata/validate`), the
 * authority: asked a pause after the last edit, its answer kept only for
 * the deposit it checked, and added to the browser's own check.
 */
import { IDisposable } from '@lumino/disposable';
import { Debouncer } from '@lumino/polling';

import { errorMessage } from '../api';
import { IFieldError } from './types';
import { IDepositCheck } from './validate';

/**
 * What the server says of a deposit.
 */
export interface IServerAnswer {
  errors?: IFieldError[];
  warnings?: IFieldError[];
}

/**
 * The server's check of the deposit being edited.
 */
export class ServerCheck implements IDisposable {
  constructor(options: ServerCheck.IOptions) {
    this._ask = options.ask;
    this._answered = options.answered;
    this._debouncer = new Debouncer(() => this._check(), options.delay ?? 500);
  }

  /**
   * Whether the server has checked the deposit as it is now.
   */
  get fresh(): boolean {
    return this._fresh;
  }

  /**
   * Why the server could not check the deposit, or ''.
   */
  get problem(): string {
    return this._problem;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * The deposit changed: what the server said is out of date; ask again
   * after the pause when `ask`.
   */
  changed(ask: boolean): void {
    this._revision++;
    this._fresh = false;
    if (ask) {
      void this._debouncer.invoke();
    }
  }

  /**
   * The browser's check, with the server's problems at the fields the
   * browser found nothing wrong with (once the server checked this very
   * deposit).
   */
  merged(own: IDepositCheck): IDepositCheck {
    if (!this._fresh) {
      return own;
    }
    const add = (mine: IFieldError[], theirs: IFieldError[]) => {
      const flagged = new Set(mine.map(e => e.field));
      return [...mine, ...theirs.filter(e => !flagged.has(e.field))];
    };
    return {
      errors: add(own.errors, this._errors),
      warnings: add(own.warnings, this._warnings)
    };
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._debouncer.dispose();
  }

  private async _check(): Promise<void> {
    const revision = this._revision;
    const current = () => revision === this._revision && !this._isDisposed;
    try {
      const answer = await this._ask();
      if (!current()) {
        return;
      }
      this._errors = Array.isArray(answer?.errors) ? answer.errors : [];
      this._warnings = Array.isArray(answer?.warnings) ? answer.warnings : [];
      this._problem = '';
    } catch (error) {
      if (!current()) {
        return;
      }
      // The upload checks again; the browser's check stands meanwhile.
      this._errors = [];
      this._warnings = [];
      this._problem = errorMessage(error);
    }
    this._fresh = true;
    this._answered();
  }

  private _answered: () => void;
  private _ask: () => Promise<IServerAnswer>;
  private _debouncer: Debouncer;
  private _errors: IFieldError[] = [];
  private _fresh = false;
  private _isDisposed = false;
  private _problem = '';
  private _revision = 0;
  private _warnings: IFieldError[] = [];
}

/**
 * The namespace for `ServerCheck` statics.
 */
export namespace ServerCheck {
  export interface IOptions {
    /** Ask the server about the deposit as it is now. */
    ask: () => Promise<IServerAnswer>;
    /** The server answered (or could not). */
    answered: () => void;
    /** Milliseconds after the last change before asking (500). */
    delay?: number;
  }
}
