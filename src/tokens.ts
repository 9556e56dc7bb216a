/**
 * The public interfaces of vre-lab: the core and the side panel (what its
 * own plugins build on), and one token per slice — Data, Workflows,
 * Publish — with a small interface and specific signals, so that other
 * extensions (a portal, a hub plugin) use them without their models.
 */
import { ServerConnection } from '@jupyterlab/services';
import { Token } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';
import type { Widget } from '@lumino/widgets';

import type { HandshakeModel } from './handshake';

/**
 * The vre-lab core: the server connection and the version handshake.
 */
export interface IVRELab {
  /**
   * The handshake with the vre-lab server extension, refreshed periodically.
   */
  readonly handshake: HandshakeModel;

  /**
   * The server connection settings every request uses.
   */
  readonly serverSettings: ServerConnection.ISettings;

  /**
   * Call the vre-lab REST API (see `requestAPI`).
   *
   * @param endpoint - the path below `{baseUrl}vre-lab/api/`
   * @param init - the fetch options
   * @throws {VRELabAPIError} for any failure
   */
  request<T>(endpoint: string, init?: RequestInit): Promise<T>;
}

/**
 * The token of the vre-lab core.
 */
export const IVRELab = new Token<IVRELab>(
  'vre-lab:IVRELab',
  'The vre-lab core: REST client and server version handshake.'
);

/**
 * The VRE side panel, for the plugins that add a section to it.
 */
export interface IVRESidebar {
  /**
   * The side panel's id (to activate it in the shell).
   */
  readonly id: string;

  /**
   * Add a section, ordered by rank (lower first).
   */
  addSection(widget: Widget, rank?: number): void;

  /**
   * Expand a section if it is collapsed.
   */
  expandSection(widget: Widget): void;
}

/**
 * The token of the VRE side panel.
 */
export const IVRESidebar = new Token<IVRESidebar>(
  'vre-lab:IVRESidebar',
  'The VRE side panel, to add sections to.'
);

/**
 * The command that opens the publish form, `{paths: string[]}` (the Publish
 * plugin's); other sections run it when it exists.
 */
export const PUBLISH_COMMAND = 'vre-lab:publish';

/**
 * Offers a DID as an input of the next workflow run (the Workflows plugin).
 */
export const USE_DID_IN_WORKFLOW_COMMAND = 'vre-lab:reana-use-did';

/**
 * The command that registers a finished run's outputs in Rucio (the Data
 * plugin's), with `IRegisterOutputsArgs`; the Workflows section offers it
 * when it exists.
 */
export const REGISTER_OUTPUTS_COMMAND = 'vre-lab:rucio-register-outputs';

/**
 * The arguments of `REGISTER_OUTPUTS_COMMAND`: the run and its declared
 * outputs.
 */
export interface IRegisterOutputsArgs {
  server: string;
  workflow: string;
  name: string;
  runNumber: string;
  outputs: string[];
}

/**
 * A DID's local paths (a file has one).
 */
export interface IVREDIDPaths {
  /** `SCOPE:NAME`. */
  did: string;
  type: 'file' | 'dataset' | 'container';
  mode: 'replica' | 'download';
  paths: string[];
}

/**
 * A DID bound to a notebook's variable.
 */
export interface IVREDIDAttached {
  /** The notebook's path, relative to the server root. */
  notebook: string;
  variable: string;
  did: string;
  instance: string;
  mode: 'replica' | 'download';
}

/**
 * The Data slice (Rucio), for other extensions: find data, get it here,
 * hear when a notebook gets some.
 */
export interface IVREData {
  /**
   * Show the Data section, with `query` (`SCOPE:PATTERN`) searched if given.
   */
  search(query?: string): Promise<void>;

  /**
   * The local paths of a DID, made available first when it is not here
   * (with the panel's progress notification).
   *
   * @param options.instance - the Rucio instance (default: the panel's)
   * @param options.mode - how to make it available (default: the instance's)
   * @throws {Error} when it cannot be made available
   */
  paths(
    did: string,
    options?: { instance?: string; mode?: 'replica' | 'download' }
  ): Promise<IVREDIDPaths>;

  /**
   * Emitted when the user binds a DID to a notebook's variable.
   */
  readonly attached: ISignal<IVREData, IVREDIDAttached>;
}

/**
 * The token of the Data slice.
 */
export const IVREData = new Token<IVREData>(
  'vre-lab:IVREData',
  'The Data slice (Rucio): search, local paths of a DID, DIDs bound to notebooks.'
);

/**
 * A workflow run that ended.
 */
export interface IVREWorkflowEnded {
  /** The REANA server's name (`local` for this machine's engine). */
  server: string;
  /** The workflow's id. */
  workflow: string;
  name: string;
  runNumber: string;
  status: string;
}

/**
 * The Workflows slice (REANA and the local engine), for other extensions.
 */
export interface IVREWorkflows {
  /**
   * Validate a reana.yaml (the path relative to the server root) and show
   * the result in the Workflows section.
   */
  validate(path: string): Promise<void>;

  /**
   * Open a workflow's detail in the main area.
   */
  open(server: string, workflow: string): Promise<void>;

  /**
   * Emitted once when a run the panel saw going has ended (finished,
   * failed or stopped).
   */
  readonly ended: ISignal<IVREWorkflows, IVREWorkflowEnded>;
}

/**
 * The token of the Workflows slice.
 */
export const IVREWorkflows = new Token<IVREWorkflows>(
  'vre-lab:IVREWorkflows',
  'The Workflows slice (REANA, local engine): validate, open a run, runs that ended.'
);

/**
 * A record the user published.
 */
export interface IVRERecordPublished {
  /** The repository's name. */
  repository: string;
  /** The record's id in the repository. */
  id: string;
  doi: string;
  /** The record's page. */
  url: string;
}

/**
 * The Publishing slice (Zenodo, InvenioRDM), for other extensions.
 */
export interface IVREPublish {
  /**
   * Open the publish form for files and folders (relative to the server
   * root).
   */
  openForm(paths: string[]): Promise<void>;

  /**
   * Emitted when a record is published from the form.
   */
  readonly published: ISignal<IVREPublish, IVRERecordPublished>;
}

/**
 * The token of the Publishing slice.
 */
export const IVREPublish = new Token<IVREPublish>(
  'vre-lab:IVREPublish',
  'The Publishing slice (Zenodo, InvenioRDM): the publish form, records published.'
);
