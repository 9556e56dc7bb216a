/**
 * The status line of a service's connection: what it is doing, and the
 * buttons to retry after an error or to forget the credentials the user gave.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

/**
 * What the status line needs of a connection's model.
 */
export interface IConnectionStatusModel {
  /** The model's state; `error` shows an alert with a retry button. */
  readonly state: string;
  retry(): Promise<void>;
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
 * The properties of `ConnectionStatus`.
 */
export interface IConnectionStatusProps {
  model: IConnectionStatusModel;
  text: string;
  testId: string;
  /** The tooltip of the text (the endpoint's address). */
  textTitle?: string;
  retryTitle?: string;
  /** Shown while connected, when the user can forget what they gave. */
  forget?: IForgetAction | null;
  trans: TranslationBundle;
}

/**
 * The action that forgets the token the user entered for `title`.
 */
export function forgetTokenAction(
  trans: TranslationBundle,
  title: string,
  testId: string,
  onClick: () => void
): IForgetAction {
  return {
    label: trans.__('Forget token'),
    title: trans.__('Forget the token you entered for %1', title),
    testId,
    onClick
  };
}

export function ConnectionStatus(
  props: IConnectionStatusProps
): React.ReactElement {
  const { model, forget, trans } = props;
  const state = model.state;
  return (
    <div
      className={`vre-ConnectionBar-status vre-mod-${state}`}
      data-testid={props.testId}
      data-state={state}
      role={state === 'error' ? 'alert' : 'status'}
    >
      <span className="vre-ConnectionBar-text" title={props.textTitle}>
        {props.text}
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
      {state === 'connected' && forget && (
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
