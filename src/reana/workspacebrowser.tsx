/**
 * A workflow's workspace: search, one page of files with checkboxes,
 * Download (the selection) into a folder of the lab, and Open.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { Button, InputGroup, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { formatBytes } from '../components/format';
import {
  Pager,
  pagesSummary,
  SearchField,
  SummaryLine
} from '../components/listheader';
import { formatTime } from './names';
import { IWorkspaceFile } from './types';
import { WorkspaceModel } from './workspacemodel';

/**
 * The properties of `WorkspaceBrowser`.
 */
export interface IWorkspaceBrowserProps {
  model: WorkspaceModel;
  trans: TranslationBundle;
  /** Download the selected files into `destination` (server default: ''). */
  onDownload: (destination: string) => void;
  /** Open a file in the lab. */
  onOpen: (file: IWorkspaceFile) => void;
  /** Whether files are opened in place (local runs) or downloaded first. */
  opensInPlace: boolean;
}

/**
 * The workspace browser.
 */
export function WorkspaceBrowser(
  props: IWorkspaceBrowserProps
): React.ReactElement {
  const { model, trans } = props;
  const [destination, setDestination] = React.useState('');
  return (
    <UseSignal signal={model.changed}>
      {() => {
        const names = model.items.map(item => item.name);
        const allSelected =
          names.length > 0 && names.every(name => model.selected.has(name));
        return (
          <div className="vre-Workspace" data-testid="vre-reana-workspace">
            <SearchField
              label={trans.__('Search')}
              ariaLabel={trans.__('Search workspace files')}
              placeholder={trans.__('Part of the file name')}
              testId="vre-reana-workspace-search"
              value={model.query}
              onChange={value => (model.query = value)}
            />
            <Summary {...props} />
            {model.items.length > 0 && (
              <table className="vre-FileTable">
                <thead>
                  <tr>
                    <th scope="col" className="vre-FileTable-check">
                      <input
                        type="checkbox"
                        aria-label={trans.__('Select every file of the page')}
                        checked={allSelected}
                        onChange={() => model.togglePage()}
                      />
                    </th>
                    <th scope="col">{trans.__('Name')}</th>
                    <th scope="col" className="vre-FileTable-size">
                      {trans.__('Size')}
                    </th>
                    <th scope="col" className="vre-FileTable-time">
                      {trans.__('Modified')}
                    </th>
                    <th scope="col" className="vre-FileTable-open">
                      <span className="vre-VisuallyHidden">
                        {trans.__('Open')}
                      </span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {model.items.map(file => (
                    <FileRow key={file.name} file={file} {...props} />
                  ))}
                </tbody>
              </table>
            )}
            <Pager
              model={model}
              onGoTo={page => void model.goTo(page)}
              label={trans.__('Pages of workspace files')}
              trans={trans}
            />
            <div className="vre-Workspace-download">
              <label className="vre-Field">
                <span className="vre-Field-label">
                  {trans.__('Download into folder')}
                </span>
                <InputGroup
                  data-testid="vre-reana-download-destination"
                  aria-label={trans.__('Download into folder')}
                  placeholder={trans.__('reana-outputs/NAME.RUN (default)')}
                  value={destination}
                  onChange={event => setDestination(event.currentTarget.value)}
                />
              </label>
              <Button
                className="jp-mod-styled jp-mod-accept"
                data-testid="vre-reana-download-selected"
                disabled={model.selected.size === 0}
                onClick={() => props.onDownload(destination)}
              >
                {trans._n(
                  'Download %1 file',
                  'Download %1 files',
                  model.selected.size
                )}
              </Button>
              {model.selected.size > 0 && (
                <Button small minimal onClick={() => model.clearSelection()}>
                  {trans.__('Clear selection')}
                </Button>
              )}
            </div>
          </div>
        );
      }}
    </UseSignal>
  );
}

function Summary(props: IWorkspaceBrowserProps): React.ReactElement {
  const { model, trans } = props;
  const loading = trans.__('Loading the workspace…');
  const { kind, text } = pagesSummary(
    model,
    {
      none: loading,
      loading,
      nothing: model.query.trim()
        ? trans.__('No file matches.')
        : trans.__('The workspace is empty.'),
      count: total => trans._n('%1 file', '%1 files', total)
    },
    trans
  );
  return (
    <SummaryLine
      kind={kind}
      text={text}
      textTitle
      testId="vre-reana-workspace-summary"
      state={model.state}
    >
      <Button small minimal onClick={() => void model.refresh()}>
        {model.state === 'error' ? trans.__('Retry') : trans.__('Refresh')}
      </Button>
    </SummaryLine>
  );
}

function FileRow(
  props: IWorkspaceBrowserProps & { file: IWorkspaceFile }
): React.ReactElement {
  const { file, model, trans } = props;
  const selected = model.selected.has(file.name);
  return (
    <tr
      className="vre-FileTable-row"
      data-file={file.name}
      aria-selected={selected}
    >
      <td className="vre-FileTable-check">
        <input
          type="checkbox"
          aria-label={trans.__('Select %1', file.name)}
          checked={selected}
          onChange={() => model.toggle(file.name)}
        />
      </td>
      <td className="vre-FileTable-name" title={file.name}>
        {file.name}
      </td>
      <td className="vre-FileTable-size">{formatBytes(file.size)}</td>
      <td className="vre-FileTable-time" title={file.last_modified ?? ''}>
        {formatTime(file.last_modified)}
      </td>
      <td className="vre-FileTable-open">
        <Button
          small
          minimal
          aria-label={trans.__('Open %1', file.name)}
          title={
            props.opensInPlace
              ? trans.__('Open %1 in the lab', file.name)
              : trans.__('Download %1 and open it in the lab', file.name)
          }
          onClick={() => props.onOpen(file)}
        >
          {trans.__('Open')}
        </Button>
      </td>
    </tr>
  );
}
