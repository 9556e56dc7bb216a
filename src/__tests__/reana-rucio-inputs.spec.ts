import { CommandRegistry } from '@lumino/commands';
import { nullTranslator } from '@jupyterlab/translation';

import { ReanaClient } from '../reana/client';
import { IRucioInput, isDid, RucioInputs } from '../reana/rucioinputs';
import { RunModel } from '../reana/runmodel';
import { addUseDidCommand } from '../reana/usedid';
import { USE_DID_IN_WORKFLOW_COMMAND } from '../tokens';
import { fakeAPI } from './helpers';
import { reanaServerBody, serverBody, validationBody } from './reana-fixtures';

const trans = nullTranslator.load('vre_lab');

describe('RucioInputs', () => {
  it('offers each DID once and lets a parameter take one DID', () => {
    const inputs = new RucioInputs();
    inputs.add('demo:a', 'sandbox');
    inputs.add(' demo:a ');
    inputs.add('not a did');
    inputs.add('demo:b');
    expect(inputs.inputs.map(i => i.did)).toEqual(['demo:a', 'demo:b']);
    inputs.bind('demo:a', 'events');
    inputs.bind('demo:b', 'events'); // takes the parameter over
    expect(inputs.boundTo('events')).toBe('demo:b');
    expect(inputs.request()).toEqual([{ did: 'demo:b', parameter: 'events' }]);
    inputs.bind('demo:a', 'signal');
    inputs.remove('demo:b');
    expect(inputs.request()).toEqual([
      { did: 'demo:a', parameter: 'signal', instance: 'sandbox' }
    ]);
    expect(isDid('user.ana:file.root')).toBe(true);
    expect(isDid('file.root')).toBe(false);
  });
});

describe('The run form with inputs from Rucio', () => {
  it('sends the bound DIDs, not the parameters they feed', async () => {
    const api = fakeAPI(() => validationBody());
    const offered: IRucioInput[] = [
      { did: 'demo:higgs4l-data', instance: 'sandbox', parameter: null }
    ];
    const form = new RunModel({
      client: new ReanaClient(api.request),
      path: 'higgs/reana.yaml',
      servers: [serverBody(), reanaServerBody()],
      server: 'local',
      rucioInputs: offered,
      trans
    });
    await form.validate();
    form.rucio.bind('demo:higgs4l-data', 'events');
    form.setParameter('events', 'not a number'); // the DID feeds it: no problem
    expect(form.problem).toBeNull();
    expect(form.request()).toEqual({
      path: 'higgs/reana.yaml',
      name: 'higgs',
      parameters: { channel: 'mumu' },
      rucio_inputs: [
        { did: 'demo:higgs4l-data', parameter: 'events', instance: 'sandbox' }
      ]
    });
    expect(offered[0].parameter).toBeNull(); // each form binds its own copy
    form.dispose();
  });
});

describe('Use in a workflow…', () => {
  it('offers a DID of the Data section to the next run forms', async () => {
    const commands = new CommandRegistry();
    const offered: IRucioInput[] = [];
    addUseDidCommand(commands, offered, trans);
    expect(commands.isEnabled(USE_DID_IN_WORKFLOW_COMMAND, { did: 'x' })).toBe(
      false
    );
    await commands.execute(USE_DID_IN_WORKFLOW_COMMAND, {
      did: 'demo:higgs4l-data',
      instance: 'sandbox'
    });
    await commands.execute(USE_DID_IN_WORKFLOW_COMMAND, {
      did: 'demo:higgs4l-data'
    });
    expect(offered).toEqual([
      { did: 'demo:higgs4l-data', instance: 'sandbox', parameter: null }
    ]);
  });
});
