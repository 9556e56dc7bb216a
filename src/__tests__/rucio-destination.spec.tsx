import { nullTranslator } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

import { RucioClient } from '../rucio/client';
import { RucioDestination } from '../rucio/destination';
import { DestinationFields } from '../rucio/destinationfields';
import { apiError, fakeAPI, instanceBody } from './helpers';

const trans = nullTranslator.load('vre_lab');

const CHOICES: Record<string, { rses: string[]; scopes: string[] }> = {
  sandbox: { rses: ['SANDBOX_DISK', 'SANDBOX_SCRATCH'], scopes: ['demo'] },
  other: { rses: ['OTHER_DISK'], scopes: ['user.jane', 'other'] }
};

/**
 * An API answering the RSEs and scopes of `CHOICES`, each instance's once
 * `gate(instance)` lets it.
 */
function choicesAPI(
  gate: (instance: string) => Promise<void> = async () => {}
) {
  return fakeAPI(async call => {
    const [, instance, what] = call.path.split('/');
    const choices = CHOICES[instance];
    if (!choices) {
      return apiError(404, null, `no instance ${instance}`);
    }
    await gate(instance);
    return what === 'rses'
      ? { rses: choices.rses }
      : { scopes: choices.scopes };
  });
}

function newDestination(
  options: Partial<RucioDestination.IOptions> = {},
  api = choicesAPI()
): RucioDestination {
  return new RucioDestination({
    client: new RucioClient(api.request),
    instances: [
      instanceBody({ destination_rse: 'SANDBOX_SCRATCH' }),
      instanceBody({ name: 'other', display_name: 'Other' })
    ],
    trans,
    ...options
  });
}

describe('RucioDestination', () => {
  it('defaults to the first RSE, or the destination RSE when preferred', async () => {
    const plain = newDestination();
    const preferring = newDestination({
      preferDestinationRse: true
    });

    await Promise.all([plain.load(), preferring.load()]);

    expect(plain.rse).toBe('SANDBOX_DISK');
    expect(preferring.rse).toBe('SANDBOX_SCRATCH');
    expect(preferring.scope).toBe('demo');
    expect(preferring.problem).toBeNull();
    plain.dispose();
    preferring.dispose();
  });

  it('keeps a chosen RSE while offered, then takes the new instance defaults', async () => {
    const destination = newDestination({
      preferDestinationRse: true
    });
    await destination.load();
    destination.rse = 'SANDBOX_DISK';
    expect(destination.rse).toBe('SANDBOX_DISK');

    await destination.chooseInstance('other');

    expect(destination.instance).toBe('other');
    expect(destination.rse).toBe('OTHER_DISK');
    expect(destination.scope).toBe('user.jane');
    destination.dispose();
  });

  it('drops the answer for an instance the user has left', async () => {
    let release!: () => void;
    const sandboxAnswered = new Promise<void>(resolve => (release = resolve));
    const api = choicesAPI(instance =>
      instance === 'sandbox' ? sandboxAnswered : Promise.resolve()
    );
    const destination = newDestination({}, api);

    const first = destination.load();
    expect(destination.loading).toBe(true);
    await destination.chooseInstance('other');
    release();
    await first;

    expect(destination.rses).toEqual(['OTHER_DISK']);
    expect(destination.scopes).toEqual(['user.jane', 'other']);
    expect(destination.loading).toBe(false);
    destination.dispose();
  });

  it('says why the choices could not be loaded, and what is missing', async () => {
    const destination = newDestination({ instance: 'gone' });

    await destination.load();

    expect(destination.error).toBe('no instance gone');
    expect(destination.rses).toEqual([]);
    expect(destination.problem).toBe('Choose an RSE.');
    destination.dispose();
  });

  it('asks for an instance when there is none', async () => {
    const api = choicesAPI();
    const destination = newDestination({ instances: [] }, api);

    await destination.load();

    expect(api.calls).toEqual([]);
    expect(destination.problem).toBe('Choose a Rucio instance.');
    destination.dispose();
  });
});

describe('DestinationFields', () => {
  it('shows the instance, RSE and scope under the form test id', async () => {
    const destination = newDestination();
    await destination.load();
    const widget = ReactWidget.create(
      <DestinationFields
        destination={destination}
        testid="vre-form"
        trans={trans}
      />
    );
    Widget.attach(widget, document.body);
    widget.update();
    await new Promise(resolve => requestAnimationFrame(resolve));
    await new Promise(resolve => setTimeout(resolve, 0));

    const select = (id: string) =>
      widget.node.querySelector<HTMLSelectElement>(
        `[data-testid="vre-form-${id}"] select, select[data-testid="vre-form-${id}"]`
      );
    expect(select('instance')?.value).toBe('sandbox');
    expect(select('rse')?.value).toBe('SANDBOX_DISK');
    expect(select('scope')?.value).toBe('demo');
    widget.dispose();
    destination.dispose();
  });
});
