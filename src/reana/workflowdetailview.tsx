/**
 * The detail of one workflow: a header with its status and actions, and
 * tabs for the overview (progress, times, parameters), the logs (followed
 * live while it runs), the workspace and the specification.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { Button, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { formatBytes, formatValue } from '../components/format';
import { Tab } from '../components/tabs';
import { LogsView } from './logview';
import { formatDuration, formatTime } from './names';
import { IWorkspaceFile } from './types';
import { DetailTab, WorkflowDetailModel } from './workflowdetailmodel';
import { ProgressBar, StatusBadge } from './workflowstatus';
import { WorkspaceBrowser } from './workspacebrowser';

/**
 * What the detail view asks the lab to do.
 */
export interface IWorkflowDetailActions {
  /** Open a file of the lab's tree (path relative to the server root). */
  openPath(path: string): void;
  /** Open the run form with this workflow's parameters. */
  rerun(model: WorkflowDetailModel): void;
  /** Open the publish form on these paths (absent: no Publish section). */
  publish?(paths: string[]): void;
  /** Register a finished run's outputs in Rucio (absent: no Data plugin). */
  registerOutputs?(model: WorkflowDetailModel): void;
}

/**
 * The properties of `WorkflowDetailView`.
 */
export interface IWorkflowDetailViewProps {
  model: WorkflowDetailModel;
  trans: TranslationBundle;
  actions: IWorkflowDetailActions;
}

/**
 * The detail view.
 */
export function WorkflowDetailView(
  props: IWorkflowDetailViewProps
): React.ReactElement {
  const { model, trans } = props;
  return (
    <UseSignal signal={model.changed}>
      {() => (
        <div
          className="vre-WorkflowDetail"
          data-testid="vre-reana-workflow"
          data-id={model.id}
          data-server={model.server}
          data-status={model.status ?? ''}
        >
          <Header {...props} />
          {model.error && (
            <div className="vre-ResultsSummary vre-mod-error" role="alert">
              <span className="vre-ResultsSummary-text" title={model.error}>
                {model.error}
              </span>
              <Button small minimal onClick={() => void model.refresh()}>
                {trans.__('Retry')}
              </Button>
            </div>
          )}
          <div className="vre-Tabs" role="tablist">
            {tabButton(model, 'overview', trans.__('Overview'))}
            {tabButton(model, 'logs', trans.__('Logs'))}
            {tabButton(model, 'workspace', trans.__('Workspace'))}
            {tabButton(model, 'specification', trans.__('Specification'))}
          </div>
          <div className="vre-WorkflowDetail-body" role="tabpanel">
            {renderTab(props)}
          </div>
        </div>
      )}
    </UseSignal>
  );
}

function tabButton(
  model: WorkflowDetailModel,
  tab: DetailTab,
  label: string
): React.ReactElement {
  return (
    <Tab
      label={label}
      selected={model.tab === tab}
      testid={`vre-reana-detail-tab-${tab}`}
      onSelect={() => {
        model.tab = tab;
      }}
    />
  );
}

function renderTab(props: IWorkflowDetailViewProps): React.ReactElement {
  const { model, trans } = props;
  switch (model.tab) {
    case 'logs':
      return (
        <LogsView
          logs={model.logs.value}
          error={model.logs.error}
          live={model.isActive && model.following}
          trans={trans}
          onRetry={() => void model.logs.load()}
        />
      );
    case 'workspace':
      return (
        <WorkspaceBrowser
          model={model.workspace}
          trans={trans}
          opensInPlace={model.isLocal && !!model.detail?.workspace_path}
          onDownload={destination => {
            void model.outputs.downloadFiles(
              [...model.workspace.selected],
              destination
            );
          }}
          onOpen={file => {
            void openFile(props, file);
          }}
        />
      );
    case 'specification':
      return <Specification {...props} />;
    default:
      return <Overview {...props} />;
  }
}

async function openFile(
  props: IWorkflowDetailViewProps,
  file: IWorkspaceFile
): Promise<void> {
  const path = await props.model.outputs.pathToOpen(file.name);
  if (path) {
    props.actions.openPath(path);
  }
}

function Header(props: IWorkflowDetailViewProps): React.ReactElement {
  const { model, trans, actions } = props;
  const workflow = model.workflow;
  const status = model.status;
  const canStop = model.isActive || status === 'created';
  const declared = model.detail?.outputs ?? [];
  const noOutputs =
    declared.length > 0 &&
    declared.every(name => model.detail?.missing_outputs?.includes(name));
  return (
    <div className="vre-WorkflowDetail-header">
      <div className="vre-WorkflowDetail-title">
        {status && <StatusBadge status={status} trans={trans} />}
        <h2 className="vre-WorkflowDetail-name" title={model.label}>
          {model.label}
        </h2>
        {workflow && <ProgressBar workflow={workflow} trans={trans} />}
      </div>
      <div className="vre-DIDView-buttons">
        {canStop && (
          <Button
            className="jp-mod-styled jp-mod-warn"
            data-testid="vre-reana-stop"
            disabled={model.busy !== null}
            onClick={() => void confirmStop(props)}
          >
            {model.busy === 'stopping'
              ? trans.__('Stopping…')
              : trans.__('Stop')}
          </Button>
        )}
        <Button
          className="jp-mod-styled"
          data-testid="vre-reana-rerun"
          disabled={!model.detail}
          title={trans.__(
            'Run the same reana.yaml again, with other parameters'
          )}
          onClick={() => actions.rerun(model)}
        >
          {trans.__('Re-run…')}
        </Button>
        <Button
          className="jp-mod-styled"
          data-testid="vre-reana-download-outputs"
          disabled={!model.detail || model.isActive || noOutputs}
          title={
            noOutputs
              ? trans.__('The run wrote none of the outputs it declares')
              : trans.__(
                  'Download the outputs the specification declares into the lab'
                )
          }
          onClick={() => void model.outputs.downloadOutputs()}
        >
          {trans.__('Download all outputs')}
        </Button>
        {actions.publish && (model.detail?.outputs ?? []).length > 0 && (
          <Button
            className="jp-mod-styled"
            data-testid="vre-reana-publish-outputs"
            disabled={model.isActive || noOutputs}
            title={
              noOutputs
                ? trans.__('The run wrote none of the outputs it declares')
                : trans.__(
                    "Publish the outputs the specification declares (a REANA run's are downloaded first)"
                  )
            }
            onClick={() => void publishOutputs(model, actions)}
          >
            {trans.__('Publish outputs…')}
          </Button>
        )}
        {actions.registerOutputs && status === 'finished' && (
          <Button
            className="jp-mod-styled"
            data-testid="vre-reana-register-outputs"
            disabled={!model.detail}
            title={trans.__(
              'Upload outputs to a Rucio storage element, into a dataset whose metadata names this run'
            )}
            onClick={() => actions.registerOutputs?.(model)}
          >
            {trans.__('Register outputs in Rucio…')}
          </Button>
        )}
        <Button
          className="jp-mod-styled"
          data-testid="vre-reana-delete"
          disabled={model.busy !== null || model.isActive}
          onClick={() => void confirmDelete(props)}
        >
          {model.busy === 'deleting'
            ? trans.__('Deleting…')
            : trans.__('Delete')}
        </Button>
        <Button
          minimal
          small
          title={trans.__('Refresh')}
          onClick={() => void model.refresh()}
        >
          {trans.__('Refresh')}
        </Button>
      </div>
    </div>
  );
}

async function confirmStop(props: IWorkflowDetailViewProps): Promise<void> {
  const { model, trans } = props;
  const answer = await showDialog({
    title: trans.__('Stop %1?', model.label),
    body: trans.__('The running steps are stopped; it cannot be continued.'),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.warnButton({ label: trans.__('Stop') })
    ]
  });
  if (answer.button.accept) {
    await model.stop();
  }
}

async function publishOutputs(
  model: WorkflowDetailModel,
  actions: IWorkflowDetailActions
): Promise<void> {
  const paths = await model.outputs.outputPaths();
  if (paths?.length) {
    actions.publish?.(paths);
  }
}

async function confirmDelete(props: IWorkflowDetailViewProps): Promise<void> {
  const { model, trans } = props;
  const answer = await showDialog({
    title: trans.__('Delete %1?', model.label),
    body: trans.__(
      'The workflow and its workspace are deleted. Files downloaded into the lab stay.'
    ),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.warnButton({ label: trans.__('Delete') })
    ]
  });
  if (answer.button.accept) {
    await model.delete();
  }
}

function Overview(props: IWorkflowDetailViewProps): React.ReactElement {
  const { model, trans } = props;
  const workflow = model.workflow;
  const detail = model.detail;
  if (!workflow) {
    return <p className="vre-Message">{trans.__('Loading…')}</p>;
  }
  const progress = workflow.progress;
  const rows: [string, string][] = [
    [trans.__('status'), workflow.status],
    [
      trans.__('steps'),
      progress
        ? trans.__(
            '%1 of %2 done, %3 running, %4 failed',
            progress.finished,
            progress.total,
            progress.running,
            progress.failed
          )
        : ''
    ],
    [trans.__('created'), formatTime(workflow.created, { seconds: true })],
    [trans.__('started'), formatTime(workflow.started, { seconds: true })],
    [trans.__('finished'), formatTime(workflow.finished, { seconds: true })],
    [trans.__('duration'), formatDuration(workflow.duration_seconds)],
    [trans.__('workspace size'), formatBytes(workflow.size_bytes)],
    [trans.__('server'), workflow.server || model.server],
    [trans.__('workspace folder'), detail?.workspace_path ?? ''],
    [trans.__('id'), workflow.id]
  ];
  const parameters = Object.keys(detail?.parameters ?? {}).sort();
  const outputs = detail?.outputs ?? [];
  const missing = new Set(detail?.missing_outputs ?? []);
  const failure = workflow.status === 'failed' ? detail?.failure : null;
  return (
    <div className="vre-WorkflowOverview">
      {failure && (
        <section
          className="vre-WorkflowOverview-failure"
          data-testid="vre-reana-failure"
          role="alert"
        >
          <h4 className="vre-DIDView-heading">{trans.__('Why it failed')}</h4>
          <p className="vre-WorkflowOverview-failureMessage">
            {failure.message}
          </p>
          {failure.log_tail && (
            <pre
              className="vre-Log vre-WorkflowOverview-failureLog"
              tabIndex={0}
              aria-label={
                failure.step
                  ? trans.__('The end of the log of step %1', failure.step)
                  : trans.__('The end of the log')
              }
            >
              {failure.log_tail}
            </pre>
          )}
          <Button
            small
            minimal
            className="vre-LinkButton"
            data-testid="vre-reana-failure-logs"
            onClick={() => {
              model.tab = 'logs';
            }}
          >
            {trans.__('Show the logs')}
          </Button>
        </section>
      )}
      {detail?.engine_note && (
        <p className="vre-Message vre-WorkflowOverview-note">
          {detail.engine_note}
        </p>
      )}
      <table className="vre-KeyValue" data-testid="vre-reana-overview">
        <tbody>
          {rows
            .filter(([, value]) => value !== '')
            .map(([key, value]) => (
              <tr key={key}>
                <th scope="row">{key}</th>
                <td title={value}>{value}</td>
              </tr>
            ))}
        </tbody>
      </table>
      <section className="vre-DIDView-section">
        <h4 className="vre-DIDView-heading">{trans.__('Parameters')}</h4>
        {parameters.length === 0 ? (
          <p className="vre-Message">
            {detail ? trans.__('No input parameters.') : trans.__('Loading…')}
          </p>
        ) : (
          <table className="vre-KeyValue" data-testid="vre-reana-parameters">
            <tbody>
              {parameters.map(name => {
                const value = formatValue(detail?.parameters[name]);
                return (
                  <tr key={name}>
                    <th scope="row">{name}</th>
                    <td title={value}>{value}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      {outputs.length > 0 && (
        <section className="vre-DIDView-section">
          <h4 className="vre-DIDView-heading">{trans.__('Outputs')}</h4>
          <ul className="vre-OutputList" data-testid="vre-reana-outputs">
            {outputs.map(name => (
              <li
                key={name}
                className="vre-OutputList-item"
                data-file={name}
                data-missing={missing.has(name) ? 'true' : 'false'}
              >
                <span className="vre-OutputList-name" title={name}>
                  {name}
                </span>
                {missing.has(name) ? (
                  <span
                    className="vre-OutputList-missing"
                    title={trans.__('The run did not write this output')}
                  >
                    {trans.__('not written')}
                  </span>
                ) : (
                  <Button
                    small
                    minimal
                    aria-label={trans.__('Open %1', name)}
                    disabled={model.isActive}
                    onClick={() => {
                      void openFile(props, {
                        name,
                        size: null,
                        last_modified: null
                      });
                    }}
                  >
                    {trans.__('Open')}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function Specification(props: IWorkflowDetailViewProps): React.ReactElement {
  const { model, trans } = props;
  const specification = model.detail?.specification;
  if (!model.detail) {
    return <p className="vre-Message">{trans.__('Loading…')}</p>;
  }
  if (!specification || Object.keys(specification).length === 0) {
    return (
      <p className="vre-Message">{trans.__('No specification is known.')}</p>
    );
  }
  return (
    <pre
      className="vre-Log vre-Specification"
      data-testid="vre-reana-specification"
      tabIndex={0}
      aria-label={trans.__('Specification')}
    >
      {JSON.stringify(specification, null, 2)}
    </pre>
  );
}
