/**
 * Remembering a choice (the Rucio instance, the REANA server, the
 * repository) in a plugin's settings.
 */
import { ISettingRegistry } from '@jupyterlab/settingregistry';

/**
 * Where a section keeps the name the user chose.
 */
export interface IChoiceMemory {
  load(): Promise<string | null>;
  save(name: string): Promise<void>;
}

/**
 * The choice kept in the setting `key` of `settings` (nothing is kept when
 * the settings could not be loaded).
 */
export function settingMemory(
  settings: Promise<ISettingRegistry.ISettings | null>,
  key: string
): IChoiceMemory {
  return {
    load: async () => {
      const value = (await settings)?.get(key).composite;
      return typeof value === 'string' && value ? value : null;
    },
    save: async (name: string) => {
      await (await settings)?.set(key, name);
    }
  };
}
