/**
 * The pieces the panel's models are made of, each written once:
 *
 * - `Emitter`: disposal that disconnects every signal of the object;
 * - `Model`: a `changed` signal and disposal;
 * - `Submission`: an action the user starts (add a secret, validate a
 *   workflow, stop a run): whether it is on its way, and why it failed;
 * - `Loaded`: a value asked of the server (scopes, rules, jobs, secrets):
 *   whether it is on its way, and why it could not be loaded. Answers that
 *   came for something the user has since left are dropped.
 */
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { errorMessage } from '../api';

/**
 * An object with signals of its own: disposing of it disconnects them all.
 * A model whose signals are not a bare `changed` (they carry something, or
 * have other names) builds on this rather than on `Model`.
 */
export class Emitter implements IDisposable {
  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    Signal.clearData(this);
  }

  private _isDisposed = false;
}

/**
 * A model the views follow through `changed`.
 */
export class Model extends Emitter {
  /**
   * Emitted whenever anything here changes.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * Tell the views that something here changed.
   */
  protected emitChanged(): void {
    if (!this.isDisposed) {
      this._changed.emit();
    }
  }

  private _changed = new Signal<this, void>(this);
}

/**
 * An action the user starts, one at a time.
 */
export class Submission<Kind extends string = 'busy'> {
  /**
   * @param changed - called whenever `busy` or `error` change
   */
  constructor(changed: () => void) {
    this._changed = changed;
  }

  /**
   * Whether the action is on its way.
   */
  get busy(): boolean {
    return this._busy !== null;
  }

  /**
   * Which action is on its way (when there are several), or null.
   */
  get kind(): Kind | null {
    return this._busy;
  }

  /**
   * Why the last action failed, or an empty string.
   */
  get error(): string {
    return this._error;
  }

  /**
   * Say why the action cannot be done (a form's problem).
   */
  fail(message: string): void {
    this._error = message;
    this._changed();
  }

  /**
   * Run `action`: `busy` while it runs, `error` from what it threw.
   *
   * @param options.describe - the error's one line (default `errorMessage`)
   * @param options.kind - which action it is
   * @param options.stale - true when the answer no longer matters (the
   *   user changed the form): its error is then dropped
   * @returns whether it succeeded; false also while another action runs
   */
  async run(
    action: () => Promise<unknown>,
    options: {
      describe?: (error: unknown) => string;
      kind?: Kind;
      stale?: () => boolean;
    } = {}
  ): Promise<boolean> {
    if (this._busy !== null) {
      return false;
    }
    this._busy = options.kind ?? ('busy' as Kind);
    this._error = '';
    this._changed();
    try {
      await action();
      return true;
    } catch (error) {
      if (!options.stale?.()) {
        this._error = (options.describe ?? errorMessage)(error);
      }
      return false;
    } finally {
      this._busy = null;
      this._changed();
    }
  }

  private _busy: Kind | null = null;
  private _changed: () => void;
  private _error = '';
}

/**
 * A value asked of the server.
 */
export class Loaded<T> {
  /**
   * @param empty - the value before it is loaded, and after a failure
   * @param changed - called whenever the value, `loading` or `error` change
   */
  constructor(empty: T, changed: () => void) {
    this._empty = empty;
    this._value = empty;
    this._changed = changed;
  }

  get value(): T {
    return this._value;
  }

  /**
   * Whether a request is on its way.
   */
  get loading(): boolean {
    return this._loading;
  }

  /**
   * Why the value could not be loaded, or an empty string.
   */
  get error(): string {
    return this._error;
  }

  /**
   * Whether `load` was called since the last `reset`.
   */
  get requested(): boolean {
    return this._requested;
  }

  /**
   * Ask for the value; an answer for an earlier request (or one that
   * `stale` says is no longer wanted) is dropped.
   *
   * @param options.stale - true when the answer is no longer wanted
   * @param options.clear - a failure empties the value (kept by default)
   * @param options.rethrow - a failure rejects (a poll backs off)
   * @returns whether the value came
   */
  async load(
    fetch: () => Promise<T>,
    options: { stale?: () => boolean; clear?: boolean; rethrow?: boolean } = {}
  ): Promise<boolean> {
    const generation = ++this._generation;
    const current = (): boolean =>
      generation === this._generation && !options.stale?.();
    this._requested = true;
    this._loading = true;
    this._changed();
    try {
      const value = await fetch();
      if (!current()) {
        return false;
      }
      this._value = value;
      this._error = '';
      return true;
    } catch (error) {
      if (!current()) {
        return false;
      }
      if (options.clear) {
        this._value = this._empty;
      }
      this._error = errorMessage(error);
      if (options.rethrow) {
        throw error;
      }
      return false;
    } finally {
      if (generation === this._generation) {
        this._loading = false;
        this._changed();
      }
    }
  }

  /**
   * Set the value (a change made here, e.g. a row removed).
   */
  set(value: T): void {
    this._value = value;
    this._changed();
  }

  /**
   * Forget the value and any request on its way.
   */
  reset(): void {
    this._generation++;
    this._value = this._empty;
    this._error = '';
    this._loading = false;
    this._requested = false;
    this._changed();
  }

  private _changed: () => void;
  private _empty: T;
  private _error = '';
  private _generation = 0;
  private _loading = false;
  private _requested = false;
  private _value: T;
}
