/**
 * The top of a service's section: which endpoint (a Rucio instance, a
 * workflow server, a repository), the status line of its connection (what
 * it is doing, Retry after an error, forgetting the credentials the user
 * gave) and, while credentials are asked for, the section's form. Each
 * section gives its own strings; the states and their order are here.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { Button, UseSignal } from '@jupyterlab/ui-components';
import { ISignal } from '@lumino/signaling';
import * as React from 'react';

import { EndpointPicker } from './endpointpicker';
import { ITokenFormModel, ITokenFormProps, TokenForm } from './tokenform';

/**
 * What the bar needs of an endpoint model (`EndpointModel`).
 */
export interface IConnectionBarModel<T extends IEndpoint> {
  readonly changed: ISignal<unknown, void>;
  /** `loading`, `connecting`, `connected`, `error`, the credentials state
   * or the model's state without a connection (`local`, `offline`, ...). */
  readonly state: string;
  readonly credentialsState: string;
  readonly endpoints: readonly T[];
  readonly endpoint: T | null;
  /** The last error, in one line. */
  readonly message: string;
  select(name: string): Promise<void>;
  retry(): Promise<void>;
}

/**
 * What the status line says in each state, for the chosen endpoint.
 */
export interface IConnectionTexts {
  /** While the endpoints are asked for. */
  loading: string;
  /** In the model's state without a connection (`local`, `offline`). */
  offline: string;
  /** Once connected (who we are). */
  connected: string;
  /** While credentials are asked for (missing or rejected). */
  credentials: string;
}

/**
 * A button shown once connected with credentials the user gave.
 */
export interface IForgetAction {
  label: string;
  title: string;
  testId: string;
  onClick: () => void;
}

/**
 * How the endpoints are chosen.
 */
export interface IConnectionPicker<T> {
  /** What an endpoint is (`server`): the picker's test id is `${testId}-${name}`. */
  name: string;
  label: string;
  /** The picker's accessible name (the label when not given). */
  ariaLabel?: string;
  /** The picker shows from this many endpoints on (2: when there is a choice). */
  showFrom?: number;
  /** An endpoint's option (its title when not given). */
  optionLabel?: (endpoint: T) => string;
}

/**
 * An endpoint as the server lists it.
 */
export interface IEndpoint {
  name: string;
  display_name?: string;
}

/**
 * The properties of `ConnectionBar`.
 */
export interface IConnectionBarProps<T extends IEndpoint> {
  model: IConnectionBarModel<T>;
  /** The bar's classes. */
  className: string;
  /** The prefix of the test ids: the status line is `${testId}-connection`. */
  testId: string;
  picker: IConnectionPicker<T>;
  /** The endpoint's name for people (its display name, else its name). */
  title?: (endpoint: T) => string;
  /** The endpoint's address (the status text's tooltip). */
  address?: (endpoint: T) => string;
  /** The strings of the status line; `title` is the chosen endpoint's. */
  texts: (title: string) => IConnectionTexts;
  /** What forgets the credentials the user gave, when they did. */
  forget?: (title: string) => IForgetAction | null;
  /** The form shown while credentials are asked for. */
  form?: () => React.ReactNode;
  retryTitle?: string;
  /** Re-render this often (milliseconds), for texts that age (a token's time left). */
  refreshEvery?: number;
  trans: TranslationBundle;
}

/**
 * The endpoint picker, the status line and, when needed, the credentials
 * form.
 */
export function ConnectionBar<T extends IEndpoint>(
  props: IConnectionBarProps<T>
): React.ReactElement {
  const { model, picker } = props;
  const title = props.title ?? defaultTitle;
  return (
    <UseSignal signal={model.changed}>
      {() => (
        <div className={props.className}>
          {model.endpoints.length >= (picker.showFrom ?? 2) && (
            <EndpointPicker
              label={picker.label}
              ariaLabel={picker.ariaLabel ?? picker.label}
              testId={`${props.testId}-${picker.name}`}
              value={model.endpoint?.name ?? ''}
              onSelect={name => void model.select(name)}
              options={model.endpoints.map(endpoint => ({
                value: endpoint.name,
                label: (picker.optionLabel ?? title)(endpoint)
              }))}
            />
          )}
          <StatusLine {...props} />
          {model.state === model.credentialsState && props.form?.()}
        </div>
      )}
    </UseSignal>
  );
}

/**
 * What a bar whose credentials are a token needs more of its model.
 */
export interface ITokenConnectionModel<T extends IEndpoint>
  extends IConnectionBarModel<T>, ITokenFormModel {
  /** Whether the token in use is one the user entered. */
  readonly canForgetToken: boolean;
  /** `credentials_rejected` when the service refused the token. */
  readonly tokenReason: string | null;
  forgetToken(): Promise<void>;
}

/**
 * The properties of `TokenConnectionBar`.
 */
export interface ITokenConnectionBarProps<T extends IEndpoint> extends Omit<
  IConnectionBarProps<T>,
  'model' | 'forget' | 'form'
> {
  model: ITokenConnectionModel<T>;
  /** What the token form says (its test ids come from `testId`). */
  token: Omit<ITokenFormProps, 'model' | 'testId' | 'inputTestId' | 'trans'>;
}

/**
 * A connection bar whose credentials are an access token: the token form
 * (`${testId}-token-form`) while one is asked for, and Forget token
 * (`${testId}-forget-token`) once the user's is in use. `texts` says what
 * the status line asks while the token is missing; a rejected one is said
 * here.
 */
export function TokenConnectionBar<T extends IEndpoint>(
  props: ITokenConnectionBarProps<T>
): React.ReactElement {
  const { model, testId, token, trans } = props;
  return (
    <ConnectionBar
      {...props}
      texts={title => {
        const texts = props.texts(title);
        return model.tokenReason === 'credentials_rejected'
          ? {
              ...texts,
              credentials: trans.__(
                '%1 rejected the token. Enter a new one.',
                title
              )
            }
          : texts;
      }}
      forget={title =>
        model.canForgetToken
          ? {
              label: trans.__('Forget token'),
              title: trans.__('Forget the token you entered for %1', title),
              testId: `${testId}-forget-token`,
              onClick: () => void model.forgetToken()
            }
          : null
      }
      form={() => (
        <TokenForm
          {...token}
          model={model}
          testId={`${testId}-token-form`}
          inputTestId={`${testId}-token`}
          trans={trans}
        />
      )}
    />
  );
}

function StatusLine<T extends IEndpoint>(
  props: IConnectionBarProps<T>
): React.ReactElement {
  const { model, trans, refreshEvery } = props;
  const [, setTick] = React.useState(0);
  React.useEffect(() => {
    if (!refreshEvery) {
      return;
    }
    const timer = setInterval(() => setTick(tick => tick + 1), refreshEvery);
    return () => clearInterval(timer);
  }, [refreshEvery]);
  const endpoint = model.endpoint;
  const title = endpoint ? (props.title ?? defaultTitle)(endpoint) : '';
  const state = model.state;
  const texts = props.texts(title);
  let text: string;
  switch (state) {
    case 'loading':
      text = texts.loading;
      break;
    case 'connecting':
      text = trans.__('Connecting to %1…', title);
      break;
    case 'connected':
      text = texts.connected;
      break;
    case 'error':
      text = model.message;
      break;
    case model.credentialsState:
      text = texts.credentials;
      break;
    default:
      text = texts.offline;
  }
  const forget = state === 'connected' ? props.forget?.(title) : null;
  return (
    <div
      className={`vre-ConnectionBar-status vre-mod-${state}`}
      data-testid={`${props.testId}-connection`}
      data-state={state}
      role={state === 'error' ? 'alert' : 'status'}
    >
      <span
        className="vre-ConnectionBar-text"
        title={endpoint && props.address ? props.address(endpoint) : undefined}
      >
        {text}
      </span>
      {state === 'error' && (
        <Button
          small
          minimal
          title={props.retryTitle}
          onClick={() => void model.retry()}
        >
          {trans.__('Retry')}
        </Button>
      )}
      {forget && (
        <Button
          small
          minimal
          data-testid={forget.testId}
          title={forget.title}
          onClick={forget.onClick}
        >
          {forget.label}
        </Button>
      )}
    </div>
  );
}

function defaultTitle(endpoint: IEndpoint): string {
  return endpoint.display_name || endpoint.name;
}
