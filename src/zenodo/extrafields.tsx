/**
 * The publish form's related identifiers, communities and access.
 */
import { Button, HTMLSelect, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { accessMode, AccessMode } from './deposit';
import { Field, FieldErrors, TextInput } from './formfields';
import { AddButton, IFormPartProps } from './metadatafields';
import { IRelatedIdentifier } from './types';

export function RelatedIdentifiers(props: IFormPartProps): React.ReactElement {
  const { model, trans } = props;
  const related = model.deposit.metadata.related_identifiers ?? [];
  const vocabularies = model.vocabularies;
  const options = (terms: { id: string; title: string }[] | undefined) =>
    (terms ?? []).map(term => ({ value: term.id, label: term.title }));
  return (
    <fieldset className="vre-PublishRelated" data-testid="vre-publish-related">
      <legend>{trans.__('Related identifiers')}</legend>
      {related.map((item, index) => {
        const path = `metadata.related_identifiers.${index}`;
        const n = index + 1;
        const set = (change: Partial<IRelatedIdentifier>) =>
          model.setRelated(index, { ...item, ...change });
        return (
          <div
            key={index}
            className="vre-SearchForm-row vre-PublishRelated-row"
            role="group"
            aria-label={trans.__('Related identifier %1', n)}
          >
            <Field
              model={model}
              label={trans.__('Identifier')}
              fields={[`${path}.identifier`]}
            >
              <TextInput
                label={trans.__('Related identifier %1', n)}
                placeholder={trans.__('10.5281/zenodo.1234')}
                value={item.identifier}
                invalid={model.fieldErrors(`${path}.identifier`).length > 0}
                onChange={identifier => set({ identifier })}
              />
            </Field>
            <Field
              model={model}
              label={trans.__('Scheme')}
              fields={[`${path}.scheme`]}
            >
              <HTMLSelect
                aria-label={trans.__('Related identifier %1 scheme', n)}
                value={item.scheme}
                onChange={event => set({ scheme: event.currentTarget.value })}
                options={[
                  { value: '', label: trans.__('Choose…') },
                  ...options(vocabularies?.identifier_schemes)
                ]}
              />
            </Field>
            <Field
              model={model}
              label={trans.__('Relation')}
              fields={[`${path}.relation_type.id`]}
            >
              <HTMLSelect
                aria-label={trans.__('Related identifier %1 relation', n)}
                value={item.relation_type?.id ?? ''}
                onChange={event =>
                  set({ relation_type: { id: event.currentTarget.value } })
                }
                options={[
                  { value: '', label: trans.__('Choose…') },
                  ...options(vocabularies?.relation_types)
                ]}
              />
            </Field>
            <Button
              small
              minimal
              aria-label={trans.__('Remove related identifier %1', n)}
              title={trans.__('Remove related identifier %1', n)}
              onClick={() => model.removeRelated(index)}
            >
              ✕
            </Button>
          </div>
        );
      })}
      <AddButton
        label={trans.__('Add related identifier')}
        title={trans.__(
          'Link a paper, dataset or software this record relates to'
        )}
        onClick={() => model.addRelated()}
      />
    </fieldset>
  );
}

export function CommunitiesField(props: IFormPartProps): React.ReactElement {
  const { model, trans } = props;
  const chosen = model.deposit.communities ?? [];
  const found = model.communities;
  return (
    <fieldset
      className="vre-PublishCommunities"
      data-testid="vre-publish-form-communities"
    >
      <legend>{trans.__('Communities')}</legend>
      <div className="vre-Publish-chips">
        {chosen.map(id => (
          <span key={id} className="vre-Chip">
            {id}
            <button
              type="button"
              className="vre-Chip-remove"
              aria-label={trans.__('Remove community %1', id)}
              title={trans.__('Remove community %1', id)}
              onClick={() => model.removeCommunity(id)}
            >
              ✕
            </button>
          </span>
        ))}
      </div>
      <FieldErrors messages={model.fieldErrors('communities')} />
      <label className="vre-Field">
        <span className="vre-Field-label">{trans.__('Find a community')}</span>
        <input
          type="search"
          className="jp-mod-styled"
          aria-label={trans.__('Find a community')}
          placeholder={trans.__('Name of the community')}
          onChange={event => {
            model.communityQuery = event.currentTarget.value;
          }}
        />
      </label>
      <UseSignal signal={found.changed}>
        {() =>
          found.query.trim() ? (
            <ul className="vre-PublishCommunities-found">
              {found.state === 'loading' && (
                <li className="vre-Message">{trans.__('Searching…')}</li>
              )}
              {found.state === 'error' && (
                <li className="vre-Message vre-mod-error">{found.error}</li>
              )}
              {found.items.map(community => (
                <li key={community.id}>
                  <Button
                    small
                    minimal
                    disabled={chosen.includes(community.slug)}
                    title={trans.__('Submit the record to %1', community.title)}
                    onClick={() => model.addCommunity(community.slug)}
                  >
                    {trans.__('Add')}
                  </Button>
                  <span title={community.description}>
                    {community.title || community.slug}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <></>
          )
        }
      </UseSignal>
    </fieldset>
  );
}

export function AccessField(props: IFormPartProps): React.ReactElement {
  const { model, trans } = props;
  const access = model.deposit.access;
  const mode = accessMode(access);
  const group = React.useId();
  const choices: [AccessMode, string, string][] = [
    ['open', trans.__('Open'), trans.__('Anyone can see and download')],
    [
      'restricted',
      trans.__('Restricted'),
      trans.__('The record is public, its files are not')
    ],
    [
      'embargo',
      trans.__('Embargoed'),
      trans.__('The files open on a date you choose')
    ]
  ];
  return (
    <fieldset className="vre-PublishAccess" data-testid="vre-publish-access">
      <legend>{trans.__('Access')}</legend>
      <div
        className="vre-PublishAccess-modes"
        role="radiogroup"
        aria-label={trans.__('Access')}
      >
        {choices.map(([value, label, title]) => (
          <label key={value} className="vre-Checkbox" title={title}>
            <input
              type="radio"
              name={group}
              value={value}
              aria-label={label}
              checked={mode === value}
              onChange={() => model.setAccess(value)}
            />
            {label}
          </label>
        ))}
      </div>
      {mode === 'embargo' && (
        <div className="vre-SearchForm-row">
          <Field
            model={model}
            label={trans.__('Embargo until')}
            fields={['access.embargo.until']}
          >
            <TextInput
              type="date"
              label={trans.__('Embargo until')}
              value={access.embargo?.until ?? ''}
              invalid={model.fieldErrors('access.embargo.until').length > 0}
              onChange={until => model.setAccess('embargo', until || null)}
            />
          </Field>
          <Field
            model={model}
            label={trans.__('Embargo reason')}
            fields={['access.embargo.reason']}
          >
            <TextInput
              label={trans.__('Embargo reason')}
              value={access.embargo?.reason ?? ''}
              onChange={reason =>
                model.setAccess('embargo', undefined, reason || null)
              }
            />
          </Field>
        </div>
      )}
    </fieldset>
  );
}
