/**
 * What a finished publish form shows: the DOI of the published record with
 * its badge snippets, or the path of the exported RO-Crate.
 */
import { Clipboard } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IPublished } from './types';

/**
 * The published record: DOI, badge, links.
 */
export function PublishedView(props: {
  published: IPublished;
  trans: TranslationBundle;
}): React.ReactElement {
  const { published, trans } = props;
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
