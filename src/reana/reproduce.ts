/**
 * "Reproduce…" on an RO-Crate (a .zip or a crate folder) of the file browser:
 * the server re-runs the run the crate records and compares its outputs; a
 * notification follows the job and opens the report.
 */
import { CommandRegistry } from '@lumino/commands';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { TranslationBundle } from '@jupyterlab/translation';

import { IJob } from '../api';
import { JobFollower } from '../components/jobs';
import { PUBLISH_COMMAND } from '../tokens';
import { ReanaClient } from './client';
import { askWhereToReproduce } from './reproducedialog';

export const REPRODUCE_COMMAND = 'vre-lab:reana-reproduce';

/**
 * What a reproduction job's result holds (see the OpenAPI document).
 */
export interface IReproduction {
  reproduced: boolean;
  comparable: boolean;
  /** False when the reproduction stopped before running (its input data changed). */
  ran?: boolean;
  message?: string;
  report: string;
  /** The reproduction's folder (the crate's files and the report). */
  folder: string;
  summary: { same: number; differs: number; missing: number; new: number };
}

/**
 * One line saying how a reproduction ended.
 */
export function reproductionSummary(
  job: IJob,
  trans: TranslationBundle
): string {
  const result = job.result as unknown as IReproduction;
  const counts = result.summary;
  if (result.comparable === false) {
    return trans.__('Nothing to compare: %1', result.message ?? '');
  }
  if (result.ran === false) {
    return trans.__('Not reproduced: %1', result.message ?? '');
  }
  if (result.reproduced) {
    return trans._n(
      'Reproduced: the output is the same.',
      'Reproduced: all %1 outputs are the same.',
      counts.same
    );
  }
  const parts = [
    counts.same ? trans.__('%1 same', counts.same) : '',
    counts.differs ? trans.__('%1 differ', counts.differs) : '',
    counts.missing ? trans.__('%1 missing', counts.missing) : '',
    counts.new ? trans.__('%1 new', counts.new) : ''
  ].filter(Boolean);
  return trans.__('Not reproduced: %1.', parts.join(', '));
}

export function addReproduceCommand(options: {
  commands: CommandRegistry;
  client: ReanaClient;
  follow: JobFollower;
  selected: () => string | null;
  open: (path: string) => void;
  trans: TranslationBundle;
}): void {
  const { commands, client, follow, selected, open, trans } = options;
  commands.addCommand(REPRODUCE_COMMAND, {
    label: trans.__('Reproduce…'),
    caption: trans.__(
      'Re-run the workflow run this RO-Crate records and compare its outputs'
    ),
    describedBy: {
      args: {
        type: 'object',
        properties: {
          path: {
            type: 'string',
            description: trans.__(
              'The RO-Crate (.zip or folder), relative to the server root'
            )
          },
          repository: {
            type: 'string',
            description: trans.__('With record: the repository of the record')
          },
          record: {
            type: 'string',
            description: trans.__('A published record to reproduce')
          },
          server: {
            type: 'string',
            description: trans.__(
              'Where to re-run: local or a REANA server (asked when not given)'
            )
          }
        }
      }
    },
    isVisible: (args: ReadonlyPartialJSONObject) =>
      typeof args.path === 'string' ||
      typeof args.record === 'string' ||
      selected() !== null,
    execute: async (args: ReadonlyPartialJSONObject) => {
      const record =
        typeof args.record === 'string' && typeof args.repository === 'string'
          ? { repository: args.repository, id: args.record }
          : null;
      const source = record
        ? trans.__('record %1', record.id)
        : typeof args.path === 'string'
          ? args.path
          : selected();
      if (!source) {
        return;
      }
      const server =
        typeof args.server === 'string'
          ? args.server
          : await askWhereToReproduce(
              source,
              (await client.servers()).servers,
              trans
            );
      if (server === null) {
        return;
      }
      const start = (): Promise<IJob> =>
        client.reproduce(record ?? source, server);
      try {
        return await follow(start, {
          pending: trans.__('Reproducing %1…', source),
          success: job => reproductionSummary(job, trans),
          failure: job =>
            trans.__('Reproducing %1 failed: %2', source, job.message),
          actions: job => {
            if (job.state !== 'succeeded') {
              return [];
            }
            const result = job.result as unknown as IReproduction;
            const report = {
              label: trans.__('Open report'),
              callback: () => open(result.report),
              // Publish reproduction… stays on offer while the report is read
              keepsNotification: result.comparable !== false
            };
            if (result.comparable === false) {
              return [report];
            }
            const publish = {
              label: trans.__('Publish reproduction…'),
              caption: trans.__(
                'Publish the reproduction as a record that references the original'
              ),
              callback: () =>
                void commands.execute(PUBLISH_COMMAND, {
                  paths: [result.folder]
                })
            };
            return [report, publish];
          }
        });
      } catch {
        return undefined; // the notification says why
      }
    }
  });
}
