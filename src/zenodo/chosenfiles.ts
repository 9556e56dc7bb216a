/**
 * The files and folders a publish form sends, with their sizes once the
 * lab's contents service told them.
 */

/**
 * A chosen file or folder, with its size (a folder's: its files').
 */
export interface IChosenFile {
  path: string;
  type: 'file' | 'directory';
  size: number | null;
  /** For a folder: how many files it holds. */
  files?: number;
}

/**
 * The size of all the files, or null while any is unknown (or none is
 * chosen).
 */
export function totalBytes(files: readonly IChosenFile[]): number | null {
  let total = 0;
  for (const file of files) {
    if (file.size === null) {
      return null;
    }
    total += file.size;
  }
  return files.length ? total : null;
}

/**
 * Find the sizes of chosen paths (the lab's contents service).
 */
export type FileLister = (paths: string[]) => Promise<IChosenFile[]>;

/**
 * The chosen paths and what is known of them.
 */
export class ChosenFiles {
  constructor(options: ChosenFiles.IOptions) {
    this._paths = [...options.paths];
    this._list = options.list ?? null;
    this._changed = options.changed;
  }

  get paths(): readonly string[] {
    return this._paths;
  }

  /**
   * The chosen files with their sizes, once known.
   */
  get files(): readonly IChosenFile[] {
    return this._files;
  }

  /**
   * The size of every chosen file, or null while any is unknown.
   */
  get totalBytes(): number | null {
    return totalBytes(this._files);
  }

  /**
   * Find the sizes of all chosen paths (none found: none known).
   */
  async load(): Promise<void> {
    this._files = this._list
      ? await this._list(this._paths).catch(() => [] as IChosenFile[])
      : [];
  }

  /**
   * Choose another set of files (a new version, or a path typed in).
   */
  choose(paths: string[]): void {
    this._paths = [...new Set(paths.map(p => p.trim()).filter(Boolean))];
    this._files = this._files.filter(f => this._paths.includes(f.path));
    this._changed();
    const missing = this._paths.filter(
      p => !this._files.some(f => f.path === p)
    );
    if (missing.length && this._list) {
      void this._list(missing)
        .then(found => {
          this._files = [...this._files, ...found];
          this._changed();
        })
        .catch(() => undefined);
    }
  }

  private _changed: () => void;
  private _files: IChosenFile[] = [];
  private _list: FileLister | null;
  private _paths: string[];
}

/**
 * The namespace for `ChosenFiles` statics.
 */
export namespace ChosenFiles {
  export interface IOptions {
    paths: readonly string[];
    list?: FileLister | null;
    /** The paths or what is known of them changed. */
    changed: () => void;
  }
}
