/**
 * The login form of a Rucio instance: its fields depend on the instance's
 * auth type. Secrets (password, token) are cleared the moment the form is
 * submitted, before the request even leaves; nothing is stored in the
 * browser.
 */
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { ConnectionModel } from './connectionmodel';
import { IRucioCredentials, RucioAuthType } from './types';

/**
 * The fields a login form can have.
 */
export type LoginField =
  | 'username'
  | 'password'
  | 'account'
  | 'certificate'
  | 'key'
  | 'proxy'
  | 'token';

/**
 * The fields of each auth type, in display order; `account` is optional.
 */
export const LOGIN_FIELDS: Record<RucioAuthType, readonly LoginField[]> = {
  userpass: ['username', 'password', 'account'],
  x509: ['certificate', 'key', 'account'],
  x509_proxy: ['proxy', 'account'],
  oidc: ['token', 'account']
};

/**
 * The fields whose values are secrets.
 */
export const SECRET_FIELDS: ReadonlySet<LoginField> = new Set<LoginField>([
  'password',
  'token'
]);

/**
 * The fields that may be left empty.
 */
const OPTIONAL_FIELDS: ReadonlySet<LoginField> = new Set<LoginField>([
  'account'
]);

/**
 * The model of the login form.
 */
export class LoginModel implements IDisposable {
  constructor(options: LoginModel.IOptions) {
    this.connection = options.connection;
    this.connection.instanceChanged.connect(this._reset, this);
    this._reset();
  }

  /**
   * The connection this form logs in to.
   */
  readonly connection: ConnectionModel;

  /**
   * Emitted whenever a value or the submitting state changes.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * The auth type of the chosen instance.
   */
  get authType(): RucioAuthType {
    return this.connection.instance?.auth_type ?? 'userpass';
  }

  /**
   * The fields of the form.
   */
  get fields(): readonly LoginField[] {
    return LOGIN_FIELDS[this.authType] ?? LOGIN_FIELDS.userpass;
  }

  /**
   * Whether the request is on its way.
   */
  get submitting(): boolean {
    return this._submitting;
  }

  /**
   * Whether every required field has a value.
   */
  get complete(): boolean {
    return this.fields.every(
      field => OPTIONAL_FIELDS.has(field) || this.value(field).trim() !== ''
    );
  }

  /**
   * The value of a field.
   */
  value(field: LoginField): string {
    return this._values.get(field) ?? '';
  }

  /**
   * Change the value of a field.
   */
  setValue(field: LoginField, value: string): void {
    this._values.set(field, value);
    this._changed.emit();
  }

  /**
   * Send the credentials to the server and clear every secret field.
   *
   * @returns whether the login worked
   */
  async submit(): Promise<boolean> {
    if (this._submitting || !this.complete) {
      return false;
    }
    const credentials: IRucioCredentials = { auth_type: this.authType };
    for (const field of this.fields) {
      const value = this.value(field);
      if (value !== '') {
        credentials[field] = SECRET_FIELDS.has(field) ? value : value.trim();
      }
    }
    this._clearSecrets();
    this._submitting = true;
    this._changed.emit();
    try {
      return await this.connection.login(credentials);
    } finally {
      this._submitting = false;
      this._changed.emit();
    }
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._clearSecrets();
    Signal.clearData(this);
  }

  private _clearSecrets(): void {
    for (const field of SECRET_FIELDS) {
      this._values.delete(field);
    }
  }

  private _reset(): void {
    this._values.clear();
    const account = this.connection.instance?.account;
    if (account) {
      this._values.set('account', account);
    }
    this._changed.emit();
  }

  private _changed = new Signal<this, void>(this);
  private _isDisposed = false;
  private _submitting = false;
  private _values = new Map<LoginField, string>();
}

/**
 * The namespace for `LoginModel` statics.
 */
export namespace LoginModel {
  export interface IOptions {
    connection: ConnectionModel;
  }
}
