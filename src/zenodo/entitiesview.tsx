/**
 * The creators and contributors of the publish form: persons (given and
 * family name, ORCID) or organisations (name), with affiliations and, for
 * contributors, a role; added, removed and reordered.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { Button, HTMLSelect } from '@jupyterlab/ui-components';
import * as React from 'react';

import {
  EntityList,
  orcidIndex,
  orcidOf,
  parseAffiliations,
  withOrcid,
  withType
} from './deposit';
import { BufferedInput, Field, FieldErrors, TextInput } from './formfields';
import { PublishFormModel } from './formmodel';
import { IEntity } from './types';

export interface IEntitiesEditorProps {
  model: PublishFormModel;
  list: EntityList;
  trans: TranslationBundle;
}

/**
 * The editor of one list of creators or contributors.
 */
export function EntitiesEditor(
  props: IEntitiesEditorProps
): React.ReactElement {
  const { model, list, trans } = props;
  const entities = model.deposit.metadata[list] ?? [];
  const heading =
    list === 'creators' ? trans.__('Creators') : trans.__('Contributors');
  return (
    <fieldset
      className={`vre-PublishEntities vre-mod-${list}`}
      data-testid={`vre-publish-${list}`}
    >
      <legend>{heading}</legend>
      <FieldErrors messages={model.fieldErrors(`metadata.${list}`)} />
      {entities.map((entity, index) => (
        <EntityEditor
          key={index}
          {...props}
          entity={entity}
          index={index}
          count={entities.length}
        />
      ))}
      <div className="vre-PublishEntities-add">
        <Button
          small
          className="jp-mod-styled"
          title={
            list === 'creators'
              ? trans.__('Add a person as creator')
              : trans.__('Add a person as contributor')
          }
          onClick={() => model.addEntity(list, 'personal')}
        >
          {trans.__('Add person')}
        </Button>
        <Button
          small
          className="jp-mod-styled"
          title={
            list === 'creators'
              ? trans.__('Add an organisation as creator')
              : trans.__('Add an organisation as contributor')
          }
          onClick={() => model.addEntity(list, 'organizational')}
        >
          {trans.__('Add organisation')}
        </Button>
      </div>
    </fieldset>
  );
}

function EntityEditor(
  props: IEntitiesEditorProps & {
    entity: IEntity;
    index: number;
    count: number;
  }
): React.ReactElement {
  const { model, list, trans, entity, index, count } = props;
  const labels = entityLabels(list, index + 1, trans);
  const path = `metadata.${list}.${index}`;
  const person = entity.person_or_org;
  const set = (next: IEntity) => model.setEntity(list, index, next);
  const setPerson = (change: Partial<IEntity['person_or_org']>) =>
    set({ ...entity, person_or_org: { ...person, ...change } });
  const orcidAt = orcidIndex(entity);
  const affiliations = (entity.affiliations ?? [])
    .map(a => a.name ?? a.id ?? '')
    .join('; ');
  const affiliationFields = (entity.affiliations ?? []).map(
    (_, i) => `${path}.affiliations.${i}.name`
  );
  return (
    <div
      className="vre-PublishEntity"
      data-index={index}
      role="group"
      aria-label={labels.group}
    >
      <div className="vre-PublishEntity-header">
        <span className="vre-PublishEntity-title">{labels.group}</span>
        <HTMLSelect
          aria-label={labels.type}
          value={person.type}
          onChange={event =>
            set(
              withType(
                entity,
                event.currentTarget.value as 'personal' | 'organizational'
              )
            )
          }
          options={[
            { value: 'personal', label: trans.__('Person') },
            { value: 'organizational', label: trans.__('Organisation') }
          ]}
        />
        <Button
          small
          minimal
          aria-label={labels.up}
          title={labels.up}
          disabled={index === 0}
          onClick={() => model.moveEntity(list, index, index - 1)}
        >
          ↑
        </Button>
        <Button
          small
          minimal
          aria-label={labels.down}
          title={labels.down}
          disabled={index === count - 1}
          onClick={() => model.moveEntity(list, index, index + 1)}
        >
          ↓
        </Button>
        <Button
          small
          minimal
          aria-label={labels.remove}
          title={labels.remove}
          onClick={() => model.removeEntity(list, index)}
        >
          ✕
        </Button>
      </div>
      <div className="vre-SearchForm-row">
        {person.type === 'organizational' ? (
          <Field
            model={model}
            label={trans.__('Name')}
            fields={[`${path}.person_or_org.name`]}
          >
            <TextInput
              label={labels.name}
              value={person.name ?? ''}
              invalid={
                model.fieldErrors(`${path}.person_or_org.name`).length > 0
              }
              onChange={name => setPerson({ name })}
            />
          </Field>
        ) : (
          <>
            <Field
              model={model}
              label={trans.__('Family name')}
              fields={[`${path}.person_or_org.family_name`]}
            >
              <TextInput
                label={labels.family}
                value={person.family_name ?? ''}
                invalid={
                  model.fieldErrors(`${path}.person_or_org.family_name`)
                    .length > 0
                }
                onChange={family_name => setPerson({ family_name })}
              />
            </Field>
            <Field
              model={model}
              label={trans.__('Given name')}
              fields={[`${path}.person_or_org.given_name`]}
            >
              <TextInput
                label={labels.given}
                value={person.given_name ?? ''}
                onChange={given_name => setPerson({ given_name })}
              />
            </Field>
          </>
        )}
      </div>
      <div className="vre-SearchForm-row">
        {person.type !== 'organizational' && (
          <Field
            model={model}
            label={trans.__('ORCID')}
            fields={[
              `${path}.person_or_org.identifiers.${Math.max(orcidAt, 0)}.identifier`
            ]}
          >
            <TextInput
              label={labels.orcid}
              placeholder={trans.__('0000-0002-1825-0097')}
              value={orcidOf(entity)}
              invalid={
                orcidAt >= 0 &&
                model.fieldErrors(
                  `${path}.person_or_org.identifiers.${orcidAt}.identifier`
                ).length > 0
              }
              onChange={value => set(withOrcid(entity, value))}
            />
          </Field>
        )}
        <Field
          model={model}
          label={trans.__('Affiliations (separated by ;)')}
          fields={affiliationFields}
        >
          <BufferedInput
            label={labels.affiliations}
            placeholder={trans.__('CERN; University of Geneva')}
            value={affiliations}
            format={text =>
              parseAffiliations(text)
                .map(a => a.name)
                .join('; ')
            }
            onChange={text =>
              set({ ...entity, affiliations: parseAffiliations(text) })
            }
          />
        </Field>
        {list === 'contributors' && (
          <Field
            model={model}
            label={trans.__('Role')}
            fields={[`${path}.role.id`]}
          >
            <HTMLSelect
              aria-label={labels.role}
              value={entity.role?.id ?? ''}
              onChange={event =>
                set({ ...entity, role: { id: event.currentTarget.value } })
              }
              options={[
                { value: '', label: trans.__('Choose a role…') },
                ...(model.vocabularies?.roles ?? []).map(term => ({
                  value: term.id,
                  label: term.title
                }))
              ]}
            />
          </Field>
        )}
      </div>
    </div>
  );
}

/**
 * The accessible names of an entity's inputs: `Creator 1 family name`.
 */
function entityLabels(
  list: EntityList,
  n: number,
  trans: TranslationBundle
): Record<
  | 'group'
  | 'type'
  | 'up'
  | 'down'
  | 'remove'
  | 'name'
  | 'family'
  | 'given'
  | 'orcid'
  | 'affiliations'
  | 'role',
  string
> {
  if (list === 'creators') {
    return {
      group: trans.__('Creator %1', n),
      type: trans.__('Creator %1 type', n),
      up: trans.__('Move creator %1 up', n),
      down: trans.__('Move creator %1 down', n),
      remove: trans.__('Remove creator %1', n),
      name: trans.__('Creator %1 name', n),
      family: trans.__('Creator %1 family name', n),
      given: trans.__('Creator %1 given name', n),
      orcid: trans.__('Creator %1 ORCID', n),
      affiliations: trans.__('Creator %1 affiliations', n),
      role: trans.__('Creator %1 role', n)
    };
  }
  return {
    group: trans.__('Contributor %1', n),
    type: trans.__('Contributor %1 type', n),
    up: trans.__('Move contributor %1 up', n),
    down: trans.__('Move contributor %1 down', n),
    remove: trans.__('Remove contributor %1', n),
    name: trans.__('Contributor %1 name', n),
    family: trans.__('Contributor %1 family name', n),
    given: trans.__('Contributor %1 given name', n),
    orcid: trans.__('Contributor %1 ORCID', n),
    affiliations: trans.__('Contributor %1 affiliations', n),
    role: trans.__('Contributor %1 role', n)
  };
}
