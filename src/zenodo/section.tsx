/**
 * The Publish section of the VRE side panel (Zenodo / InvenioRDM): the
 * repository, My uploads, Search, and Unfinished uploads.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import { ServiceSection } from '../components/servicesection';
import { Tab } from '../components/tabs';
import { HandshakeModel } from '../handshake';
import { PublishModel, PublishTab } from './model';
import { IRecordActions, MyUploadsView, SearchView } from './recordsview';
import { RepositoryBar } from './repositorybar';
import { UploadJobsView } from './uploadjobsview';

/**
 * The Publish section.
 */
export class PublishSection extends ServiceSection<PublishModel> {
  constructor(options: PublishSection.IOptions) {
    const trans = options.trans ?? nullTranslator.load('vre_lab');
    let model = options.model;
    if (!model) {
      if (!options.handshake) {
        throw new Error('PublishSection needs a model or a handshake');
      }
      model = new PublishModel({ handshake: options.handshake, trans });
    }
    super({
      model,
      label: trans.__('Publish'),
      description: trans.__(
        'Publish code, notebooks and results to Zenodo or another InvenioRDM repository and get a DOI.'
      ),
      trans
    });
    this.addClass('vre-PublishSection');
    this._actions = options.actions ?? null;
    this._onPublish = options.onPublish ?? null;
  }

  protected render(): React.ReactElement {
    const model = this.model;
    return this.renderBody(
      'vre-PublishSection-body',
      model.enabled
        ? {
            bar: (
              <RepositoryBar model={model.repositories} trans={this._trans} />
            ),
            changed: model.repositories.changed,
            render: () => this._renderReady()
          }
        : undefined
    );
  }

  private _renderReady(): React.ReactElement | null {
    const model = this.model;
    const trans = this._trans;
    if (!model.repositories.ready) {
      return null;
    }
    const offline = model.repository === null;
    const unfinished = model.uploadJobs.jobs.length;
    const tab: PublishTab = offline ? 'unfinished' : model.tab;
    return (
      <div className="vre-PublishSection-main">
        <div className="vre-WorkflowsSection-toolbar">
          <div className="vre-Tabs" role="tablist">
            {!offline && this._tab('uploads', trans.__('My uploads'))}
            {!offline && this._tab('search', trans.__('Search'))}
            {this._tab(
              'unfinished',
              unfinished
                ? trans.__('Unfinished (%1)', unfinished)
                : trans.__('Unfinished')
            )}
          </div>
          {this._onPublish && (
            <Button
              small
              className="jp-mod-styled jp-mod-accept"
              data-testid="vre-publish-new"
              title={trans.__('Publish the files selected in the file browser')}
              onClick={() => this._onPublish?.()}
            >
              {offline ? trans.__('Export…') : trans.__('Publish…')}
            </Button>
          )}
        </div>
        <div role="tabpanel" data-tab={tab}>
          {this._renderTab(tab)}
        </div>
      </div>
    );
  }

  private _renderTab(tab: PublishTab): React.ReactElement {
    const model = this.model;
    const trans = this._trans;
    const actions = this._actions ?? noActions;
    switch (tab) {
      case 'uploads':
        return <MyUploadsView model={model} actions={actions} trans={trans} />;
      case 'search':
        return (
          <SearchView
            key={model.searchKind}
            model={model}
            actions={actions}
            trans={trans}
          />
        );
      default:
        return (
          <UploadJobsView
            model={model.uploadJobs}
            launcher={model.launcher}
            trans={trans}
            repositoryLabel={name => model.repositories.label(name)}
          />
        );
    }
  }

  private _tab(tab: PublishTab, label: string): React.ReactElement {
    const selected =
      (this.model.repository === null ? 'unfinished' : this.model.tab) === tab;
    return (
      <Tab
        label={label}
        selected={selected}
        testid={`vre-publish-tab-${tab}`}
        title={label}
        onSelect={() => {
          this.model.tab = tab;
        }}
      />
    );
  }

  private _actions: IRecordActions | null;
  private _onPublish: (() => void) | null;
}

const nothing = (): void => undefined;
const noActions: IRecordActions = {
  continueDraft: nothing,
  publishDraft: nothing,
  discardDraft: nothing,
  newVersion: nothing,
  download: nothing,
  reproduce: nothing
};

/**
 * The namespace for `PublishSection` statics.
 */
export namespace PublishSection {
  export interface IOptions {
    /** The section's model; the section disposes it. */
    model?: PublishModel;
    /**
     * Without a model: the handshake whose status the section shows (the
     * section then only shows the service's status).
     */
    handshake?: HandshakeModel;
    /** What the record buttons do. */
    actions?: IRecordActions;
    /** Start publishing (the file browser's selection, or asks). */
    onPublish?: () => void;
    trans?: TranslationBundle;
  }
}
