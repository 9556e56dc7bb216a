/**
 * "Use in a workflow…" on a DID of the Data section: the DID is offered as
 * an input in the next run forms (Run locally… / Run on REANA…), where the
 * user binds it to a parameter.
 */
import { Notification } from '@jupyterlab/apputils';
import { CommandRegistry } from '@lumino/commands';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { TranslationBundle } from '@jupyterlab/translation';

import { USE_DID_IN_WORKFLOW_COMMAND } from '../tokens';
import { IRucioInput, isDid } from './rucioinputs';

/**
 * Add the command; `offered` is the list the run forms start from.
 */
export function addUseDidCommand(
  commands: CommandRegistry,
  offered: IRucioInput[],
  trans: TranslationBundle
): void {
  commands.addCommand(USE_DID_IN_WORKFLOW_COMMAND, {
    label: trans.__('Use in a workflow…'),
    caption: trans.__(
      'Offer this DID as an input of the next workflow run (bind it to a parameter in the run form)'
    ),
    describedBy: {
      args: {
        type: 'object',
        properties: {
          did: { type: 'string', description: trans.__('SCOPE:NAME') },
          instance: {
            type: 'string',
            description: trans.__('The Rucio instance')
          }
        }
      }
    },
    isEnabled: (args: ReadonlyPartialJSONObject) =>
      typeof args.did === 'string' && isDid(args.did),
    execute: (args: ReadonlyPartialJSONObject) => {
      const did = String(args.did ?? '').trim();
      if (!isDid(did)) {
        return;
      }
      const instance = typeof args.instance === 'string' ? args.instance : null;
      if (!offered.some(input => input.did === did)) {
        offered.push({ did, instance, parameter: null });
      }
      Notification.info(
        trans.__(
          '%1 is offered as an input in the next run form: right-click a reana.yaml → Run…',
          did
        ),
        { autoClose: 5000 }
      );
    }
  });
}
