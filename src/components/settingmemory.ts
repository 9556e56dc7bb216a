/**
 * A section's settings, and remembering a choice (the Rucio instance, the
 * REANA server, the repository) in them.
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

/**
 * The settings of plugin `id`, or null (logged) when there is no registry or
 * they cannot be loaded: a section works on its defaults then.
 */
export function loadSettings(
  registry: ISettingRegistry | null,
  id: string,
  section: string
): Promise<ISettingRegistry.ISettings | null> {
  if (!registry) {
    return Promise.resolve(null);
  }
  return registry.load(id).catch(reason => {
    console.error(`vre-lab: failed to load the ${section} settings.`, reason);
    return null;
  });
}
