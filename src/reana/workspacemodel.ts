/**
 * The files of a workflow's workspace: one page at a time, searched by
 * name (a moment after typing stops), with a selection to download.
 */
import { NumberedPagesModel } from '../components/numberedpages';
import { ReanaClient } from './client';
import { IWorkspaceFile } from './types';

/**
 * The model of a workflow's workspace browser. Nothing loads until
 * `refresh()`; the selection holds across pages and searches.
 */
export class WorkspaceModel extends NumberedPagesModel<IWorkspaceFile> {
  constructor(options: WorkspaceModel.IOptions) {
    super({
      pageSize: options.pageSize ?? 50,
      searchDelay: options.searchDelay,
      fetcher: async ({ q, page, size }) => {
        const answer = await options.client.workspace(
          options.server,
          options.id,
          { search: q, page, size }
        );
        return { items: answer?.items, total: answer?.total ?? 0 };
      }
    });
    this.client = options.client;
    this.server = options.server;
    this.id = options.id;
  }

  readonly client: ReanaClient;
  readonly server: string;
  readonly id: string;

  /**
   * The names selected for download (on any page).
   */
  get selected(): ReadonlySet<string> {
    return this._selected;
  }

  /**
   * Select or unselect a file.
   */
  toggle(name: string): void {
    if (this._selected.has(name)) {
      this._selected.delete(name);
    } else {
      this._selected.add(name);
    }
    this.emitChanged();
  }

  /**
   * Select every file of the page shown, or unselect them when all are.
   */
  togglePage(): void {
    const names = this.items.map(item => item.name);
    const all = names.length > 0 && names.every(n => this._selected.has(n));
    for (const name of names) {
      if (all) {
        this._selected.delete(name);
      } else {
        this._selected.add(name);
      }
    }
    this.emitChanged();
  }

  clearSelection(): void {
    if (this._selected.size) {
      this._selected.clear();
      this.emitChanged();
    }
  }

  private _selected = new Set<string>();
}

/**
 * The namespace for `WorkspaceModel` statics.
 */
export namespace WorkspaceModel {
  export interface IOptions {
    client: ReanaClient;
    server: string;
    id: string;
    /** Files per page (default 50). */
    pageSize?: number;
    /** Milliseconds after the last keystroke before searching (300). */
    searchDelay?: number;
  }
}
