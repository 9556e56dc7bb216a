/**
 * The reana.yaml a Workflows command acts on: the one it is given, the one
 * selected in the file browser, the one open in the editor, or asked for.
 */
import { InputDialog } from '@jupyterlab/apputils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { IFileBrowserFactory } from '@jupyterlab/filebrowser';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { Widget } from '@lumino/widgets';

import { isYamlPath } from './names';

/**
 * Where the YAML files come from.
 */
export interface IYamlSources {
  browsers: IFileBrowserFactory | null;
  docManager: IDocumentManager | null;
  /** The main area's current widget. */
  current: () => Widget | null;
  trans: TranslationBundle;
}

/**
 * Finding the reana.yaml of a command.
 */
export interface IYamlPaths {
  /** The YAML file selected in the file browser, or null. */
  selected(): string | null;
  /**
   * The reana.yaml a command acts on: `args.path`, else the selected or
   * open one (the open one first from the palette), else asked for.
   */
  pathFrom(
    args: ReadonlyPartialJSONObject,
    title: string
  ): Promise<string | null>;
}

export function yamlPaths(sources: IYamlSources): IYamlPaths {
  const selected = (): string | null => {
    const browser = sources.browsers?.tracker.currentWidget;
    for (const item of browser?.selectedItems() ?? []) {
      if (item.type !== 'directory' && isYamlPath(item.path)) {
        return item.path;
      }
    }
    return null;
  };
  const open = (): string | null => {
    const widget = sources.current();
    const path = widget
      ? sources.docManager?.contextForWidget(widget)?.path
      : null;
    return isYamlPath(path) ? path! : null;
  };
  return {
    selected,
    pathFrom: async (args, title) => {
      if (typeof args.path === 'string' && args.path) {
        return args.path;
      }
      const known = args['isPalette']
        ? (open() ?? selected())
        : (selected() ?? open());
      return known ?? askPath(title, 'reana.yaml', sources.trans);
    }
  };
}

/**
 * Ask for the path of a reana.yaml.
 */
export async function askPath(
  title: string,
  text: string,
  trans: TranslationBundle
): Promise<string | null> {
  const answer = await InputDialog.getText({
    title,
    label: trans.__('reana.yaml, relative to the server root'),
    text,
    okLabel: trans.__('Continue'),
    cancelLabel: trans.__('Cancel')
  });
  const value = answer.value?.trim();
  return answer.button.accept && value ? value : null;
}
