/**
 * The Workflows section of the VRE side panel (REANA and the local engine):
 * the server, unfinished runs, the workflow list and the secrets.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import * as React from 'react';

import { ServiceSection } from '../components/servicesection';
import { Tab } from '../components/tabs';
import { HandshakeModel } from '../handshake';
import { WorkflowsModel, WorkflowsTab } from './model';
import { RunJobsView } from './runjobsview';
import { SecretsView } from './secretsview';
import { ServerBar } from './serverbar';
import { IWorkflow } from './types';
import { WorkflowListView } from './workflowlistview';

/**
 * The Workflows section.
 */
export class WorkflowsSection extends ServiceSection<WorkflowsModel> {
  constructor(options: WorkflowsSection.IOptions) {
    const trans = options.trans ?? nullTranslator.load('vre_lab');
    let model = options.model;
    if (!model) {
      if (!options.handshake) {
        throw new Error('WorkflowsSection needs a model or a handshake');
      }
      model = new WorkflowsModel({ handshake: options.handshake, trans });
    }
    super({
      model,
      label: trans.__('Workflows'),
      description: trans.__(
        'Run your analysis as a reproducible REANA workflow, locally or on a cluster, and follow its progress.'
      ),
      trans
    });
    this.addClass('vre-WorkflowsSection');
    this._onOpen = options.onOpen ?? null;
    this._onRun = options.onRun ?? null;
  }

  protected onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    this.model.visible = this.isVisible;
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this.model.visible = true;
  }

  protected onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    this.model.visible = false;
  }

  protected render(): React.ReactElement {
    const model = this.model;
    return this.renderBody(
      'vre-WorkflowsSection-body',
      model.enabled
        ? {
            bar: <ServerBar model={model.servers} trans={this._trans} />,
            changed: model.servers.changed,
            render: () => this._renderReady()
          }
        : undefined
    );
  }

  private _renderReady(): React.ReactElement | null {
    const model = this.model;
    const trans = this._trans;
    if (!model.servers.ready) {
      return null;
    }
    const hasSecrets = model.secrets.server !== null;
    const serverLabel = (name: string): string => {
      const server = model.servers.find(name);
      return server ? server.display_name || server.name : name;
    };
    return (
      <div className="vre-WorkflowsSection-main">
        <RunJobsView
          model={model.runJobs}
          launcher={model.launcher}
          trans={trans}
          serverLabel={serverLabel}
        />
        <div className="vre-WorkflowsSection-toolbar">
          {hasSecrets ? (
            <div className="vre-Tabs" role="tablist">
              {this._tabButton('workflows', trans.__('Workflows'))}
              {this._tabButton('secrets', trans.__('Secrets'))}
            </div>
          ) : (
            <span />
          )}
          {this._onRun && (
            <Button
              small
              className="jp-mod-styled"
              data-testid="vre-reana-new-run"
              title={trans.__(
                'Run a reana.yaml on %1',
                serverLabel(model.servers.server?.name ?? '')
              )}
              onClick={() => this._onRun?.()}
            >
              {trans.__('Run…')}
            </Button>
          )}
        </div>
        {model.tab === 'secrets' && hasSecrets ? (
          <div role="tabpanel">
            <SecretsView model={model.secrets} trans={trans} />
          </div>
        ) : (
          <div role={hasSecrets ? 'tabpanel' : undefined}>
            <WorkflowListView
              model={model.list}
              trans={trans}
              onOpen={workflow => this._onOpen?.(workflow)}
            />
          </div>
        )}
      </div>
    );
  }

  private _tabButton(tab: WorkflowsTab, label: string): React.ReactElement {
    return (
      <Tab
        label={label}
        selected={this.model.tab === tab}
        testid={`vre-reana-tab-${tab}`}
        onSelect={() => {
          this.model.tab = tab;
        }}
      />
    );
  }

  private _onOpen: ((workflow: IWorkflow) => void) | null;
  private _onRun: (() => void) | null;
}

/**
 * The namespace for `WorkflowsSection` statics.
 */
export namespace WorkflowsSection {
  export interface IOptions {
    /** The section's model; the section disposes it. */
    model?: WorkflowsModel;
    /**
     * Without a model: the handshake whose status the section shows (the
     * section then only shows the service's status).
     */
    handshake?: HandshakeModel;
    /** Open a workflow of the list. */
    onOpen?: (workflow: IWorkflow) => void;
    /** Start a run (asks for the reana.yaml). */
    onRun?: () => void;
    trans?: TranslationBundle;
  }
}
