import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { loadSettings, settingMemory } from '../components/settingmemory';

function fakeSettings(
  values: Record<string, unknown>
): ISettingRegistry.ISettings {
  return {
    get: (key: string) => ({ composite: values[key] }),
    set: async (key: string, value: unknown) => {
      values[key] = value;
    }
  } as unknown as ISettingRegistry.ISettings;
}

function registry(
  load: (id: string) => Promise<ISettingRegistry.ISettings>
): ISettingRegistry {
  return { load } as unknown as ISettingRegistry;
}

describe('loadSettings', () => {
  it('gives the plugin’s settings', async () => {
    const settings = fakeSettings({});
    const ids: string[] = [];
    const loaded = await loadSettings(
      registry(async id => {
        ids.push(id);
        return settings;
      }),
      'vre-lab:workflows',
      'Workflows'
    );
    expect(loaded).toBe(settings);
    expect(ids).toEqual(['vre-lab:workflows']);
  });

  it('gives null without a registry', async () => {
    expect(await loadSettings(null, 'vre-lab:data', 'Data')).toBeNull();
  });

  it('gives null and says which section when they cannot be loaded', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const loaded = await loadSettings(
        registry(() => Promise.reject(new Error('no schema'))),
        'vre-lab:publish',
        'Publish'
      );
      expect(loaded).toBeNull();
      expect(error).toHaveBeenCalledWith(
        'vre-lab: failed to load the Publish settings.',
        expect.any(Error)
      );
    } finally {
      error.mockRestore();
    }
  });
});

describe('settingMemory', () => {
  it('keeps a choice in its setting and forgets nothing else', async () => {
    const values: Record<string, unknown> = { server: '', other: 'kept' };
    const memory = settingMemory(
      Promise.resolve(fakeSettings(values)),
      'server'
    );
    expect(await memory.load()).toBeNull();
    await memory.save('reana');
    expect(await memory.load()).toBe('reana');
    expect(values).toEqual({ server: 'reana', other: 'kept' });
  });

  it('keeps nothing when the settings could not be loaded', async () => {
    const memory = settingMemory(Promise.resolve(null), 'server');
    await memory.save('reana');
    expect(await memory.load()).toBeNull();
  });
});
