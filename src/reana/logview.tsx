/**
 * A log that grows while the workflow runs: it stays at the bottom as new
 * lines come if the reader was at the bottom, and stays put otherwise.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IStepLog, IWorkflowLogs } from './types';
import { StatusBadge } from './workflowstatus';

/**
 * How close to the end (in pixels) counts as "at the bottom".
 */
const BOTTOM_SLACK = 8;

/**
 * The properties of `LogText`.
 */
export interface ILogTextProps {
  text: string;
  label: string;
  /** What to show for an empty log. */
  empty: string;
  testid?: string;
}

/**
 * One log, following its end while the reader is there.
 */
export function LogText(props: ILogTextProps): React.ReactElement {
  const ref = React.useRef<HTMLPreElement>(null);
  const atBottom = React.useRef(true);

  React.useLayoutEffect(() => {
    const node = ref.current;
    if (node && atBottom.current) {
      node.scrollTop = node.scrollHeight;
    }
  }, [props.text]);

  return (
    <pre
      ref={ref}
      className="vre-Log"
      tabIndex={0}
      aria-label={props.label}
      data-testid={props.testid}
      data-length={props.text.length}
      onScroll={event => {
        const node = event.currentTarget;
        atBottom.current =
          node.scrollHeight - node.scrollTop - node.clientHeight <=
          BOTTOM_SLACK;
      }}
    >
      {props.text || props.empty}
    </pre>
  );
}

/**
 * The properties of `LogsView`.
 */
export interface ILogsViewProps {
  logs: IWorkflowLogs | null;
  error: string;
  /** Whether the logs are followed live. */
  live: boolean;
  trans: TranslationBundle;
  onRetry: () => void;
}

/**
 * The engine's log and each step's log.
 */
export function LogsView(props: ILogsViewProps): React.ReactElement {
  const { logs, error, live, trans } = props;
  return (
    <div className="vre-Logs" data-testid="vre-reana-logs" data-live={live}>
      {error && (
        <div className="vre-ResultsSummary vre-mod-error" role="alert">
          <span className="vre-ResultsSummary-text" title={error}>
            {error}
          </span>
          <button
            type="button"
            className="jp-Button jp-mod-minimal vre-LinkButton"
            onClick={props.onRetry}
          >
            {trans.__('Retry')}
          </button>
        </div>
      )}
      {live && (
        <p className="vre-Message vre-Logs-live" role="status">
          {trans.__('Following the logs while the workflow runs…')}
        </p>
      )}
      {!logs && !error && (
        <p className="vre-Message">{trans.__('Loading logs…')}</p>
      )}
      {logs && (
        <>
          <section className="vre-DIDView-section">
            <h4 className="vre-DIDView-heading">{trans.__('Engine log')}</h4>
            <LogText
              text={logs.workflow_log}
              label={trans.__('Engine log')}
              empty={trans.__('(empty)')}
              testid="vre-reana-engine-log"
            />
          </section>
          <section className="vre-DIDView-section">
            <h4 className="vre-DIDView-heading">{trans.__('Steps')}</h4>
            {logs.steps.length === 0 ? (
              <p className="vre-Message">{trans.__('No step has run yet.')}</p>
            ) : (
              logs.steps.map((step, index) => (
                <StepLog
                  key={step.id || `${index}`}
                  step={step}
                  title={stepTitle(logs.steps, index, trans)}
                  trans={trans}
                  open={
                    index === logs.steps.length - 1 || step.status === 'failed'
                  }
                />
              ))
            )}
          </section>
        </>
      )}
    </div>
  );
}

/**
 * A step's title: its name, and which of its commands (jobs) this is when it
 * has several, so that a step run as three jobs does not read three times
 * the same.
 */
export function stepTitle(
  steps: readonly IStepLog[],
  index: number,
  trans: TranslationBundle
): string {
  const step = steps[index];
  if (step.command_number && step.command_count) {
    return trans.__(
      '%1 · command %2 of %3',
      step.name,
      step.command_number,
      step.command_count
    );
  }
  const same = steps.filter(other => other.name === step.name);
  if (same.length < 2) {
    return step.name;
  }
  return trans.__(
    '%1 · job %2 of %3',
    step.name,
    same.indexOf(step) + 1,
    same.length
  );
}

function StepLog(props: {
  step: IStepLog;
  title: string;
  trans: TranslationBundle;
  open: boolean;
}): React.ReactElement {
  const { step, trans } = props;
  return (
    <details
      className="vre-StepLog"
      data-step={step.name}
      data-status={step.status}
      open={props.open}
    >
      <summary className="vre-StepLog-summary">
        <StatusBadge status={step.status} trans={trans} />
        <span className="vre-StepLog-name">{props.title}</span>
      </summary>
      <LogText
        text={step.log}
        label={trans.__('Log of %1', props.title)}
        empty={trans.__('(empty)')}
      />
    </details>
  );
}
