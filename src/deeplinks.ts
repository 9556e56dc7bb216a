/**
 * Deep links ("Open in VRE"): a URL that opens the lab on a thing, for data
 * portals, READMEs and papers. They work under JupyterHub's /user/NAME/ and on
 * Binder (`urlpath=lab?vre-record=…`). A link never starts work by itself:
 *
 * - `lab?vre-did=SCOPE:NAME` puts the DID into the Data section's search;
 * - `lab?vre-workflow=PATH/reana.yaml` opens the file and offers to run it;
 * - `lab?vre-record=REPOSITORY/ID` offers to reproduce the published record.
 */
import {
  IRouter,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

export const OPEN_LINK_COMMAND = 'vre-lab:open-link';
const LINK = /[?&]vre-(did|workflow|record)=/;

/**
 * What a link asks for, from the query string of the lab's URL.
 */
export type DeepLink =
  | { kind: 'did'; did: string }
  | { kind: 'workflow'; path: string }
  | { kind: 'record'; repository: string; id: string };

export function parseLink(search: string): DeepLink | null {
  const params = new URLSearchParams(search);
  const did = params.get('vre-did');
  if (did && /^[\w.-]+:\S+$/.test(did)) {
    return { kind: 'did', did };
  }
  const path = params.get('vre-workflow');
  if (path && /\.ya?ml$/i.test(path) && !path.split('/').includes('..')) {
    return { kind: 'workflow', path: path.replace(/^\/+/, '') };
  }
  const record = params.get('vre-record');
  const match = record?.match(/^([\w.-]+)\/([^/]+)$/);
  if (match) {
    return { kind: 'record', repository: match[1], id: match[2] };
  }
  return null;
}

export const deepLinksPlugin: JupyterFrontEndPlugin<void> = {
  id: 'vre-lab:deep-links',
  description:
    'Opens the lab on a DID, a reana.yaml or a record named in its URL.',
  autoStart: true,
  requires: [IRouter],
  optional: [ITranslator],
  activate: (
    app: JupyterFrontEnd,
    router: IRouter,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load('vre_lab');
    const { commands } = app;
    const confirm = async (title: string, body: string, action: string) =>
      (
        await showDialog({
          title,
          body,
          buttons: [
            Dialog.cancelButton({ label: trans.__('Not now') }),
            Dialog.okButton({ label: action })
          ]
        })
      ).button.accept;

    commands.addCommand(OPEN_LINK_COMMAND, {
      label: trans.__('Open a VRE link'),
      describedBy: {
        args: {
          type: 'object',
          properties: {
            search: {
              type: 'string',
              description: trans.__('The query string of the link')
            }
          }
        }
      },
      execute: async args => {
        const search =
          typeof args.search === 'string'
            ? args.search
            : (router.current.search ?? '');
        const link = parseLink(search);
        if (!link) {
          return;
        }
        await app.restored;
        if (link.kind === 'did') {
          await commands.execute('vre-lab:data-search', { query: link.did });
        } else if (link.kind === 'workflow') {
          await commands.execute('docmanager:open', { path: link.path });
          const run = await confirm(
            trans.__('Run this workflow?'),
            trans.__('The link opened %1. Run it on this machine?', link.path),
            trans.__('Run…')
          );
          if (run) {
            await commands.execute('vre-lab:reana-run-local', {
              path: link.path
            });
          }
        } else {
          const reproduce = await confirm(
            trans.__('Reproduce this record?'),
            trans.__(
              'The link names record %1 of %2. Fetch it, run its workflow again and compare the outputs?',
              link.id,
              link.repository
            ),
            trans.__('Reproduce')
          );
          if (reproduce) {
            await commands.execute('vre-lab:reana-reproduce', {
              repository: link.repository,
              record: link.id
            });
          }
        }
      }
    });
    router.register({ command: OPEN_LINK_COMMAND, pattern: LINK });
  }
};
