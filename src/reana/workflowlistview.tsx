/**
 * The workflow list of the Workflows section: status filter, name search,
 * sort, one page of rows, and the pager.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import {
  Button,
  HTMLSelect,
  refreshIcon,
  ToolbarButtonComponent,
  UseSignal
} from '@jupyterlab/ui-components';
import * as React from 'react';

import { formatBytes } from '../components/format';
import {
  Pager,
  pagesSummary,
  SearchField,
  SummaryLine
} from '../components/listheader';
import { formatDuration, formatTime, runLabel } from './names';
import { IWorkflow, WORKFLOW_STATUSES, WorkflowSort } from './types';
import { WorkflowListModel } from './workflowlistmodel';
import { ProgressBar, StatusBadge, statusLabel } from './workflowstatus';

/**
 * The properties of `WorkflowListView`.
 */
export interface IWorkflowListViewProps {
  model: WorkflowListModel;
  trans: TranslationBundle;
  /** Open a workflow's detail. */
  onOpen: (workflow: IWorkflow) => void;
}

/**
 * The filters, the rows and the pager.
 */
export function WorkflowListView(
  props: IWorkflowListViewProps
): React.ReactElement {
  const { model } = props;
  return (
    <UseSignal signal={model.changed}>
      {() => (
        <div className="vre-WorkflowList" data-testid="vre-reana-workflows">
          <Filters {...props} />
          <Summary {...props} />
          <Rows {...props} />
          <Pager
            model={model}
            onGoTo={page => void model.goTo(page)}
            label={props.trans.__('Pages of workflows')}
            testId="vre-reana"
            trans={props.trans}
          />
        </div>
      )}
    </UseSignal>
  );
}

function Filters(props: IWorkflowListViewProps): React.ReactElement {
  const { model, trans } = props;
  return (
    <div className="vre-WorkflowFilters">
      <SearchField
        className="vre-WorkflowFilters-search"
        label={trans.__('Name')}
        ariaLabel={trans.__('Search workflows by name')}
        placeholder={trans.__('Part of the name')}
        testId="vre-reana-search"
        value={model.query}
        onChange={value => (model.query = value)}
      />
      <div
        className="vre-StatusFilter"
        role="group"
        aria-label={trans.__('Show workflows with these statuses')}
        data-testid="vre-reana-status-filter"
      >
        {WORKFLOW_STATUSES.filter(status => status !== 'deleted').map(
          status => {
            const on = model.statuses.includes(status);
            return (
              <button
                key={status}
                type="button"
                className={`vre-StatusFilter-chip vre-mod-${status} ${
                  on ? 'vre-mod-selected' : ''
                }`}
                data-status={status}
                aria-pressed={on}
                title={
                  on
                    ? trans.__(
                        'Stop filtering on %1',
                        statusLabel(status, trans)
                      )
                    : trans.__('Show %1 workflows', statusLabel(status, trans))
                }
                onClick={() => model.toggleStatus(status)}
              >
                {statusLabel(status, trans)}
              </button>
            );
          }
        )}
      </div>
    </div>
  );
}

function Summary(props: IWorkflowListViewProps): React.ReactElement {
  const { model, trans } = props;
  const { kind, text } = pagesSummary(
    model,
    {
      loading: trans.__('Loading workflows…'),
      nothing:
        model.statuses.length || model.query.trim()
          ? trans.__('No workflow matches.')
          : trans.__('No workflows yet. Run a reana.yaml to start one.')
    },
    trans
  );
  return (
    <SummaryLine
      kind={kind}
      text={text}
      testId="vre-reana-list-summary"
      state={model.state}
      data={{ total: model.total }}
    >
      {kind === 'error' && (
        <Button
          small
          minimal
          data-testid="vre-reana-retry"
          onClick={() => void model.refresh()}
        >
          {trans.__('Retry')}
        </Button>
      )}
      <HTMLSelect
        className="vre-WorkflowFilters-sort"
        aria-label={trans.__('Sort workflows')}
        title={trans.__('Sort workflows')}
        data-testid="vre-reana-sort"
        value={model.sort}
        onChange={event => {
          model.sort = event.currentTarget.value as WorkflowSort;
        }}
        options={[
          { value: 'desc', label: trans.__('Newest first') },
          { value: 'asc', label: trans.__('Oldest first') }
        ]}
      />
      {model.state !== 'error' && model.state !== 'empty' && (
        <ToolbarButtonComponent
          icon={refreshIcon}
          tooltip={trans.__('Refresh the list')}
          dataset={{ testid: 'vre-reana-refresh' }}
          enabled={!model.loading}
          onClick={() => void model.refresh()}
        />
      )}
    </SummaryLine>
  );
}

function Rows(props: IWorkflowListViewProps): React.ReactElement | null {
  const { model, trans, onOpen } = props;
  if (model.items.length === 0) {
    return null;
  }
  return (
    <ul className="vre-WorkflowRows" aria-label={trans.__('Workflows')}>
      {model.items.map(workflow => (
        <li key={`${workflow.id}`} className="vre-WorkflowRows-item">
          <WorkflowRow workflow={workflow} trans={trans} onOpen={onOpen} />
        </li>
      ))}
    </ul>
  );
}

/**
 * One workflow of the list, a button opening its detail.
 */
export function WorkflowRow(props: {
  workflow: IWorkflow;
  trans: TranslationBundle;
  onOpen: (workflow: IWorkflow) => void;
}): React.ReactElement {
  const { workflow, trans, onOpen } = props;
  const label = runLabel(workflow);
  const duration = formatDuration(workflow.duration_seconds);
  const size = formatBytes(workflow.size_bytes);
  const created = formatTime(workflow.created, { short: true });
  return (
    <button
      type="button"
      className="vre-WorkflowRow"
      data-id={workflow.id}
      data-name={label}
      data-status={workflow.status}
      title={trans.__('Open %1', label)}
      onClick={() => onOpen(workflow)}
    >
      <span className="vre-WorkflowRow-line">
        <StatusBadge status={workflow.status} trans={trans} />
        <span className="vre-WorkflowRow-name">{label}</span>
      </span>
      <span className="vre-WorkflowRow-line vre-WorkflowRow-details">
        <ProgressBar workflow={workflow} trans={trans} />
        <span
          className="vre-WorkflowRow-created"
          title={formatTime(workflow.created, { seconds: true })}
        >
          {created}
        </span>
        {duration && (
          <span
            className="vre-WorkflowRow-duration"
            title={trans.__('Duration')}
          >
            {duration}
          </span>
        )}
        {size && (
          <span
            className="vre-WorkflowRow-size"
            title={trans.__('Workspace size')}
          >
            {size}
          </span>
        )}
      </span>
    </button>
  );
}
