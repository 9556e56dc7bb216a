/**
 * The shapes of the Rucio part of the vre-lab REST API, as `vre_lab/openapi.yaml`
 * describes them (schemas `Rucio*`).
 */

/**
 * How a DID is made available here: a replication rule to an RSE mounted on
 * this machine, or a download into the workspace.
 */
export type RucioMode = 'replica' | 'download';

/**
 * The ways of logging in to a Rucio instance.
 */
export type RucioAuthType = 'userpass' | 'x509' | 'x509_proxy' | 'oidc';

/**
 * The kinds of DID.
 */
export type DIDType = 'file' | 'dataset' | 'container';

/**
 * What a search asks for: one kind of DID, or every kind.
 */
export type DIDTypeFilter = 'all' | DIDType;

/**
 * A Rucio instance the operator configured (never with a credential).
 */
export interface IRucioInstance {
  name: string;
  display_name: string;
  rucio_host?: string;
  auth_type: RucioAuthType;
  account: string | null;
  vo: string | null;
  modes: RucioMode[];
  default_mode: RucioMode;
  destination_rse: string | null;
  download_dir?: string;
  /** Who holds the credentials: the operator, the user, or nobody yet. */
  credentials: 'configured' | 'user' | 'missing';
}

/**
 * The answer of `GET rucio/instances`.
 */
export interface IRucioInstances {
  instances: IRucioInstance[];
  default: string | null;
}

/**
 * Who the extension is connected as (`GET rucio/{i}/whoami`).
 */
export interface IRucioWhoami {
  instance: string;
  account: string;
  identity?: string | null;
  auth_type: string;
  email?: string | null;
  token_expires_at: string | null;
  token_seconds_left: number | null;
}

/**
 * What `PUT rucio/{i}/credentials` takes; only the fields of `auth_type`.
 */
export interface IRucioCredentials {
  auth_type: RucioAuthType;
  account?: string;
  username?: string;
  password?: string;
  certificate?: string;
  key?: string;
  proxy?: string;
  token?: string;
}

/**
 * A DID as a search lists it.
 */
export interface IRucioDID {
  did: string;
  scope: string;
  name: string;
  type: DIDType;
  bytes?: number | null;
  length?: number | null;
}

/**
 * Whether a DID can be read here.
 */
export interface IRucioAvailability {
  state: 'available' | 'replicating' | 'stuck' | 'not_available';
  mode: RucioMode;
  rule_id?: string | null;
}

/**
 * One DID with its metadata (`GET rucio/{i}/did`).
 */
export interface IRucioDIDDetail extends IRucioDID {
  open: boolean | null;
  account: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  metadata: Record<string, unknown>;
  availability: IRucioAvailability;
  availability_by_mode: Partial<Record<RucioMode, IRucioAvailability>>;
}

/**
 * A replica of a file on a storage element.
 */
export interface IRucioReplica {
  rse: string;
  state: string;
}

/**
 * A file of a DID, with its replicas (`GET rucio/{i}/did/files`).
 */
export interface IRucioFile {
  did: string;
  scope: string;
  name: string;
  bytes: number | null;
  adler32?: string | null;
  replicas: IRucioReplica[];
  available_here: boolean;
  path?: string | null;
}

/**
 * A replication rule (`GET rucio/{i}/did/rules`).
 */
export interface IRucioRule {
  id: string;
  account?: string | null;
  rse_expression: string;
  state: string;
  copies: number;
  locks_ok_cnt?: number;
  locks_replicating_cnt?: number;
  locks_stuck_cnt?: number;
  expires_at?: string | null;
  created_at?: string | null;
  comment?: string | null;
}

/**
 * The local paths of an available DID (`GET rucio/{i}/did/paths`, and the
 * result of a make-available job).
 */
export interface IRucioPaths {
  did: string;
  type: DIDType;
  mode: RucioMode;
  /** One path for a file; every file's path, sorted by DID, for a collection. */
  paths: string[];
}

/**
 * One page of a listing that continues while `next_cursor` is not null.
 */
export interface IPage<T> {
  items: T[];
  next_cursor: string | null;
}

/**
 * What `POST rucio/{i}/upload` takes.
 */
export interface IRucioUpload {
  /** Relative to the server's root directory. */
  path: string;
  rse: string;
  scope: string;
  name?: string;
  dataset?: string;
  /** Seconds the replica is kept. */
  lifetime?: number;
}

/**
 * What `POST rucio/{i}/registrations` is sent: a finished run's outputs
 * into a dataset naming the run.
 */
export interface IRucioRegistration {
  /** `local` or a REANA server's name. */
  server: string;
  workflow: string;
  /** Workspace files or folders; absent: the declared outputs present. */
  files?: string[];
  scope: string;
  rse?: string;
  /** SCOPE:NAME or NAME; absent: NAME.RUN of the run. */
  dataset?: string;
}

/**
 * What a DID search asks for (`GET rucio/{i}/dids`).
 */
export interface IDIDSearch {
  query: string;
  scope?: string;
  type: DIDTypeFilter;
  filter?: string;
}
