/**
 * What a finished publish form shows: the DOI of the published record with
 * its badge snippets, or the path of the exported RO-Crate.
 */
import { Clipboard } from '@jupyterlab/apputils';
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IPublished } from './types';

const VRE_BADGE = 'https://img.shields.io/badge/Open%20in-VRE-orange';

/**
 * The "Open in VRE" link of a record on this lab (under JupyterHub's
 * /user/NAME/ too), and its badge snippets: a deep link that offers to
 * reproduce the record.
 */
export function openInVRE(
  repository: string,
  id: string
): { url: string; markdown: string; html: string } {
  const record = `${encodeURIComponent(repository)}/${encodeURIComponent(id)}`;
  const base = ServerConnection.makeSettings().baseUrl;
  const url = `${URLExt.join(base, 'lab')}?vre-record=${record}`;
  return {
    url,
    markdown: `[![Open in VRE](${VRE_BADGE})](${url})`,
    html: `<a href="${url}"><img src="${VRE_BADGE}" alt="Open in VRE"></a>`
  };
}

/**
 * The published record: DOI, badge, links.
 */
export function PublishedView(props: {
  published: IPublished;
  trans: TranslationBundle;
  /** The repository it was published to: offers the "Open in VRE" snippets. */
  repository?: string;
}): React.ReactElement {
  const { published, trans } = props;
  const vre = props.repository
    ? openInVRE(props.repository, published.id)
    : null;
  const doiUrl =
    published.doi_url ??
    (published.doi ? `https://doi.org/${published.doi}` : null);
  return (
    <section
      className="vre-PublishResult"
      data-testid="vre-publish-result"
      aria-label={trans.__('Published')}
    >
      <h3 className="vre-PublishResult-heading">
        {trans.__('Published: %1', published.title)}
      </h3>
      {published.doi && (
        <p className="vre-PublishResult-doi">
          <span className="vre-Field-label">{trans.__('DOI')}</span>{' '}
          <a
            href={doiUrl ?? undefined}
            target="_blank"
            rel="noopener noreferrer"
            className="vre-PublishResult-doiLink"
            data-testid="vre-publish-doi"
            title={trans.__('Open the DOI')}
          >
            {published.doi}
          </a>
          <CopyButton
            text={doiUrl ?? published.doi}
            label={trans.__('Copy DOI')}
            trans={trans}
          />
        </p>
      )}
      {published.badge?.image && (
        <div className="vre-PublishResult-badge">
          <img src={published.badge.image} alt={trans.__('DOI badge')} />
          <Snippet
            label={trans.__('Badge in Markdown')}
            text={published.badge.markdown}
            trans={trans}
          />
          <Snippet
            label={trans.__('Badge in HTML')}
            text={published.badge.html}
            trans={trans}
          />
        </div>
      )}
      {vre && (
        <div
          className="vre-PublishResult-badge"
          data-testid="vre-publish-open-in-vre"
        >
          <Snippet
            label={trans.__('Open in VRE, in Markdown')}
            text={vre.markdown}
            trans={trans}
          />
          <Snippet
            label={trans.__('Open in VRE, in HTML')}
            text={vre.html}
            trans={trans}
          />
        </div>
      )}
      {published.citation_path && (
        <p className="vre-Message vre-mod-ok">
          {trans.__('The DOI is written into %1.', published.citation_path)}
        </p>
      )}
      {(published.communities ?? []).length > 0 && (
        <ul className="vre-PublishResult-communities">
          {published.communities.map(c => (
            <li key={c.id}>{trans.__('Community %1: %2', c.id, c.status)}</li>
          ))}
        </ul>
      )}
      {published.html && (
        <a
          className="vre-RecordRow-link"
          href={published.html}
          target="_blank"
          rel="noopener noreferrer"
          title={trans.__('Open the record in the repository')}
        >
          {trans.__('Open the record')}
        </a>
      )}
    </section>
  );
}

/**
 * The exported RO-Crate, with buttons to find it.
 */
export function ExportedView(props: {
  path: string;
  trans: TranslationBundle;
  reveal: (path: string) => void;
}): React.ReactElement {
  const { path, trans } = props;
  return (
    <section
      className="vre-PublishResult"
      data-testid="vre-publish-result"
      aria-label={trans.__('Exported')}
    >
      <h3 className="vre-PublishResult-heading">
        {trans.__('RO-Crate exported')}
      </h3>
      <p>
        <code data-testid="vre-publish-export-path">{path}</code>
      </p>
      <Button
        small
        className="jp-mod-styled jp-mod-accept"
        title={trans.__('Show the zip in the file browser')}
        onClick={() => props.reveal(path)}
      >
        {trans.__('Show in file browser')}
      </Button>
    </section>
  );
}

function Snippet(props: {
  label: string;
  text: string;
  trans: TranslationBundle;
}): React.ReactElement {
  return (
    <div className="vre-PublishResult-snippet">
      <label className="vre-Field">
        <span className="vre-Field-label">{props.label}</span>
        <textarea
          className="jp-mod-styled vre-PublishResult-code"
          readOnly
          rows={2}
          aria-label={props.label}
          value={props.text}
        />
      </label>
      <CopyButton
        text={props.text}
        label={props.trans.__('Copy %1', props.label)}
        trans={props.trans}
      />
    </div>
  );
}

function CopyButton(props: {
  text: string;
  label: string;
  trans: TranslationBundle;
}): React.ReactElement {
  const [copied, setCopied] = React.useState(false);
  return (
    <Button
      small
      minimal
      title={props.label}
      aria-label={props.label}
      onClick={() => {
        Clipboard.copyToSystem(props.text);
        setCopied(true);
      }}
    >
      {copied ? props.trans.__('Copied') : props.trans.__('Copy')}
    </Button>
  );
}
