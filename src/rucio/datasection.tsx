/**
 * The Data section of the VRE side panel (Rucio): connection, login, search
 * with windowed results, DID detail, and the active notebook's attachments.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { ServiceSection } from '../components/servicesection';
import { Tab } from '../components/tabs';
import { AttachmentsView } from './attachmentsview';
import { ConnectionBar } from './connectionbar';
import { DIDView } from './didview';
import { LoginForm } from './loginform';
import { DataModel, DataTab } from './model';
import { ResultsList, ResultsSummary, SearchForm } from './searchview';

/**
 * The Data section.
 */
export class DataSection extends ServiceSection<DataModel> {
  constructor(options: DataSection.IOptions) {
    const trans = options.trans ?? nullTranslator.load('vre_lab');
    super({
      model: options.model,
      label: trans.__('Data'),
      description: trans.__(
        'Find data in a Rucio data lake, see where its replicas are, and bring it into your notebooks.'
      ),
      trans
    });
    this.addClass('vre-DataSection');
    this._onAddToNotebook = options.onAddToNotebook ?? null;
    this._onUseInWorkflow = options.onUseInWorkflow ?? null;
  }

  /**
   * Show the search tab and put the cursor in the query field.
   */
  focusSearch(query?: string): void {
    const model = this.model;
    model.tab = 'search';
    model.close();
    if (query !== undefined) {
      model.search.query = query;
    }
    requestAnimationFrame(() => {
      this.node
        .querySelector<HTMLInputElement>('input[data-testid="vre-rucio-query"]')
        ?.focus();
    });
  }

  protected render(): React.ReactElement {
    const model = this.model;
    return this.renderBody('vre-DataSection-body', {
      bar: <ConnectionBar model={model.connection} trans={this._trans} />,
      changed: model.connection.changed,
      render: () => this._renderConnected()
    });
  }

  private _renderConnected(): React.ReactElement | null {
    const model = this.model;
    const trans = this._trans;
    const connection = model.connection;
    if (connection.state === 'login') {
      return <LoginForm model={model.login} trans={trans} />;
    }
    if (connection.state !== 'connected') {
      return null;
    }
    return (
      <div className="vre-DataSection-main">
        <div className="vre-Tabs" role="tablist">
          {this._tabButton('search', trans.__('Search'))}
          {this._tabButton('notebook', trans.__('Notebook'))}
        </div>
        {model.tab === 'search' ? this._renderSearch() : this._renderNotebook()}
      </div>
    );
  }

  private _tabButton(tab: DataTab, label: string): React.ReactElement {
    return (
      <Tab
        label={label}
        selected={this.model.tab === tab}
        testid={`vre-rucio-tab-${tab}`}
        onSelect={() => {
          this.model.tab = tab;
        }}
      />
    );
  }

  private _renderSearch(): React.ReactElement {
    const model = this.model;
    const trans = this._trans;
    const search = model.search;
    const opened = model.opened;
    const onOpen = (did: Parameters<DataModel['open']>[0]): void => {
      model.open(did);
    };
    // An open DID shows below the results, which stay (shorter) above it.
    return (
      <div
        className={`vre-SearchTab ${opened ? 'vre-mod-didOpen' : ''}`}
        role="tabpanel"
      >
        <UseSignal signal={search.changed}>
          {() => (
            <div className="vre-SearchTab-search">
              <div
                className="vre-SearchTab-form"
                style={opened ? { display: 'none' } : undefined}
              >
                <SearchForm model={search} trans={trans} onOpen={onOpen} />
              </div>
              <ResultsSummary model={search} trans={trans} onOpen={onOpen} />
              <ResultsList
                model={search}
                trans={trans}
                onOpen={onOpen}
                searchKey={search.generation}
                selected={opened?.did ?? null}
              />
            </div>
          )}
        </UseSignal>
        {opened && (
          <DIDView
            model={opened}
            trans={trans}
            onClose={() => model.close()}
            onAddToNotebook={
              this._onAddToNotebook && model.notebook
                ? () => this._onAddToNotebook?.(opened)
                : null
            }
            onUseInWorkflow={
              this._onUseInWorkflow
                ? () => this._onUseInWorkflow?.(opened)
                : null
            }
          />
        )}
      </div>
    );
  }

  private _renderNotebook(): React.ReactElement {
    const model = this.model;
    return (
      <div className="vre-NotebookTab" role="tabpanel">
        <AttachmentsView
          manager={model.attachments}
          notebook={model.notebook}
          trans={this._trans}
        />
      </div>
    );
  }

  private _onAddToNotebook: DataSection.AddToNotebook | null;
  private _onUseInWorkflow: DataSection.AddToNotebook | null;
}

/**
 * The namespace for `DataSection` statics.
 */
export namespace DataSection {
  /**
   * Add an opened DID to the active notebook (asks for the variable).
   */
  export type AddToNotebook = (did: import('./didmodel').DIDModel) => void;

  export interface IOptions {
    /** The section's model; the section disposes it. */
    model: DataModel;
    /** What "Add to notebook" does; without it the button is disabled. */
    onAddToNotebook?: AddToNotebook;
    /** What "Use in a workflow…" does; without it there is no such button. */
    onUseInWorkflow?: AddToNotebook;
    trans?: TranslationBundle;
  }
}
