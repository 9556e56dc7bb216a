/**
 * The login form of a Rucio instance: its fields depend on the instance's
 * auth type. Secrets (password, token) are cleared the moment the form is
 * submitted, before the request even leaves; nothing is stored in the
 * browser.
 */
import { Model, Submission } from '../components/model';
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
export class LoginModel extends Model {
  constructor(options: LoginModel.IOptions) {
    super();
    this.connection = options.connection;
    this.connection.instanceChanged.connect(this._reset, this);
    this._reset();
  }

  /**
   * The connection this form logs in to.
   */
  readonly connection: ConnectionModel;

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
    return this._submission.busy;
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
    this.emitChanged();
  }

  /**
   * Send the credentials to the server and clear every secret field. Why a
   * login failed is the connection's `message`.
   *
   * @returns whether the login worked
   */
  async submit(): Promise<boolean> {
    if (this.submitting || !this.complete) {
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
    let loggedIn = false;
    await this._submission.run(async () => {
      loggedIn = await this.connection.login(credentials);
    });
    return loggedIn;
  }

  dispose(): void {
    this._clearSecrets();
    super.dispose();
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
    this.emitChanged();
  }

  private _submission = new Submission(() => this.emitChanged());
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
