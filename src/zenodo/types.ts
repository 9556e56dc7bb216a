/**
 * The shapes of the `zenodo/...` routes of the vre-lab REST API
 * (docs/publishing.md).
 */

/**
 * The repository that is no repository: the form exports an RO-Crate.
 */
export const ROCRATE = 'rocrate';

/**
 * The kinds of the jobs of the Publish section.
 */
export const UPLOAD_JOB_KIND = 'zenodo-upload';
export const EXPORT_JOB_KIND = 'rocrate-export';
export const DOWNLOAD_JOB_KIND = 'zenodo-download';

export type RepositoryKind = 'invenio' | 'zenodo' | 'rocrate';

export interface IRepository {
  name: string;
  display_name: string;
  url: string | null;
  kind: RepositoryKind;
  token: 'config' | 'file' | 'env' | 'user' | null;
  description: string;
}

export interface IRepositories {
  repositories: IRepository[];
  selected: string | null;
}

export interface IPublishWhoami {
  repository: string;
  user: { id: string; username: string; full_name: string };
}

export interface IVocabularyTerm {
  id: string;
  title: string;
}

export interface IVocabularies {
  resource_types: IVocabularyTerm[];
  licenses: IVocabularyTerm[];
  roles: IVocabularyTerm[];
  relation_types: IVocabularyTerm[];
  identifier_schemes: IVocabularyTerm[];
}

export interface IIdentifier {
  scheme: string;
  identifier: string;
}

export interface IPersonOrOrg {
  type: 'personal' | 'organizational';
  given_name?: string;
  family_name?: string;
  name?: string;
  identifiers?: IIdentifier[];
}

export interface IAffiliation {
  name?: string;
  id?: string;
}

/**
 * A creator or a contributor (contributors have a role).
 */
export interface IEntity {
  person_or_org: IPersonOrOrg;
  affiliations?: IAffiliation[];
  role?: { id: string };
}

export interface IRelatedIdentifier {
  identifier: string;
  scheme: string;
  relation_type: { id: string };
  resource_type?: { id: string };
}

export interface IDepositMetadata {
  resource_type: { id: string };
  title: string;
  publication_date: string;
  creators: IEntity[];
  contributors?: IEntity[];
  description?: string;
  rights?: { id: string }[];
  subjects?: { subject: string }[];
  related_identifiers?: IRelatedIdentifier[];
  version?: string;
  [key: string]: unknown;
}

export interface IAccess {
  record: 'public' | 'restricted';
  files: 'public' | 'restricted';
  embargo?: {
    active: boolean;
    until: string | null;
    reason: string | null;
  };
}

/**
 * What the form edits: InvenioRDM's draft body, plus communities.
 */
export interface IDeposit {
  metadata: IDepositMetadata;
  access: IAccess;
  communities?: string[];
}

export interface IFieldError {
  /** An InvenioRDM field path: `metadata.creators.0.person_or_org.family_name`. */
  field: string;
  message: string;
}

export interface IValidationAnswer {
  valid: boolean;
  errors: IFieldError[];
  warnings: IFieldError[];
}

export interface IPrefill {
  deposit: IDeposit;
  /** Where the values came from: `CITATION.cff`, `codemeta.json`, ... */
  sources: string[];
}

export type RecordStatus = 'draft' | 'published' | 'new_version_draft';

export interface IRecordSummary {
  id: string;
  title: string;
  status: RecordStatus;
  doi: string | null;
  doi_url: string | null;
  html: string | null;
  created: string | null;
  updated: string | null;
  publication_date: string | null;
  version: string | null;
  creators: string[];
  files: { count: number; size: number };
}

export interface IRecordFile {
  key: string;
  size: number;
  checksum: string | null;
  status: string;
}

export interface IRecordDetail extends Omit<IRecordSummary, 'files'> {
  deposit: IDeposit;
  files: IRecordFile[];
  errors: IFieldError[];
  parent_id: string | null;
  versions: { index: number; is_latest: boolean } | null;
}

export interface IPublished extends IRecordSummary {
  badge: { markdown: string; html: string; image: string };
  citation_path?: string | null;
  communities: { id: string; status: string }[];
}

export interface ICommunity {
  id: string;
  slug: string;
  title: string;
  description: string;
  html: string | null;
}

/**
 * One page of a `{hits, total, page, size}` answer.
 */
export interface IHitsPage<T> {
  hits: T[];
  total: number;
  page: number;
  size: number;
}

/**
 * A page of the record search: `doi` is the DOI looked up when the text
 * searched for is one (the server recognises DOIs), null for words.
 */
export interface IRecordSearchPage extends IHitsPage<IRecordSummary> {
  doi?: string | null;
}

/**
 * The body of `POST repositories/{r}/uploads`.
 */
export interface IUploadRequest {
  paths: string[];
  deposit: IDeposit;
  draft?: string;
  new_version_of?: string;
  keep_files?: boolean;
  destination?: string;
}

/**
 * The params of an upload (or export) job.
 */
export interface IUploadParams {
  repository: string;
  paths: string[];
  files: number;
  bytes: number;
  title: string;
  draft: string | null;
  new_version_of: string | null;
}

/**
 * The result of an upload job (`draft` is there as soon as the draft is).
 */
export interface IUploadResult {
  repository?: string;
  draft?: string;
  html?: string | null;
  files?: number;
  bytes?: number;
  skipped?: number;
  /** RO-Crate exports: the zip, relative to the server root. */
  path?: string;
}
