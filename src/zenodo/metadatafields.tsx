/**
 * The plain fields of the publish form: title, description, resource
 * type, publication date, license and keywords.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { Button, HTMLSelect } from '@jupyterlab/ui-components';
import * as React from 'react';

import { Field, TextInput } from './formfields';
import { PublishFormModel } from './formmodel';

export interface IFormPartProps {
  model: PublishFormModel;
  trans: TranslationBundle;
}

export function TitleField(props: IFormPartProps): React.ReactElement {
  const { model, trans } = props;
  const field = 'metadata.title';
  return (
    <Field model={model} label={trans.__('Title')} fields={[field]}>
      <TextInput
        label={trans.__('Title')}
        value={model.deposit.metadata.title}
        invalid={model.fieldErrors(field).length > 0}
        onChange={title =>
          model.edit(d => {
            d.metadata.title = title;
          })
        }
      />
    </Field>
  );
}

export function DescriptionField(props: IFormPartProps): React.ReactElement {
  const { model, trans } = props;
  const field = 'metadata.description';
  return (
    <Field model={model} label={trans.__('Description')} fields={[field]}>
      <textarea
        className="jp-mod-styled vre-Publish-description"
        aria-label={trans.__('Description')}
        aria-invalid={model.fieldErrors(field).length > 0 || undefined}
        rows={5}
        placeholder={trans.__('What is it, how was it made, how to use it')}
        value={model.deposit.metadata.description ?? ''}
        onChange={event => {
          const description = event.currentTarget.value;
          model.edit(d => {
            d.metadata.description = description;
          });
        }}
      />
    </Field>
  );
}

export function TypeDateLicenseFields(
  props: IFormPartProps
): React.ReactElement {
  const { model, trans } = props;
  const metadata = model.deposit.metadata;
  const vocabularies = model.vocabularies;
  const withCurrent = (
    terms: { id: string; title: string }[] | undefined,
    current: string
  ) => {
    const options = (terms ?? []).map(term => ({
      value: term.id,
      label: term.title
    }));
    if (current && !options.some(o => o.value === current)) {
      options.unshift({ value: current, label: current });
    }
    return options;
  };
  const license = metadata.rights?.[0]?.id ?? '';
  return (
    <div className="vre-SearchForm-row">
      <Field
        model={model}
        label={trans.__('Resource type')}
        fields={['metadata.resource_type.id']}
      >
        <HTMLSelect
          aria-label={trans.__('Resource type')}
          value={metadata.resource_type?.id ?? ''}
          onChange={event => {
            const id = event.currentTarget.value;
            model.edit(d => {
              d.metadata.resource_type = { id };
            });
          }}
          options={[
            { value: '', label: trans.__('Choose…') },
            ...withCurrent(
              vocabularies?.resource_types,
              metadata.resource_type?.id ?? ''
            )
          ]}
        />
      </Field>
      <Field
        model={model}
        label={trans.__('Publication date')}
        fields={['metadata.publication_date']}
      >
        <TextInput
          label={trans.__('Publication date')}
          placeholder={trans.__('YYYY-MM-DD')}
          value={metadata.publication_date ?? ''}
          invalid={model.fieldErrors('metadata.publication_date').length > 0}
          onChange={date =>
            model.edit(d => {
              d.metadata.publication_date = date;
            })
          }
        />
      </Field>
      <Field
        model={model}
        label={trans.__('License')}
        fields={['metadata.rights.0.id', 'metadata.rights']}
      >
        <HTMLSelect
          aria-label={trans.__('License')}
          // a long license name is cut in the field: the tooltip has it
          title={
            withCurrent(vocabularies?.licenses, license).find(
              option => option.value === license
            )?.label ?? trans.__('No license')
          }
          value={license}
          onChange={event => model.setLicense(event.currentTarget.value)}
          options={[
            { value: '', label: trans.__('No license') },
            ...withCurrent(vocabularies?.licenses, license)
          ]}
        />
      </Field>
    </div>
  );
}

/**
 * Keywords as chips; typing a comma or Enter adds what was typed.
 */
export function KeywordsField(props: IFormPartProps): React.ReactElement {
  const { model, trans } = props;
  const [text, setText] = React.useState('');
  const subjects = model.deposit.metadata.subjects ?? [];
  const fields = subjects.map((_, i) => `metadata.subjects.${i}.subject`);
  const add = (value: string) => {
    if (value.trim()) {
      model.addKeywords(value);
    }
  };
  return (
    <Field model={model} label={trans.__('Keywords')} fields={fields}>
      <div className="vre-Publish-chips" data-testid="vre-publish-keywords">
        {subjects.map((subject, index) => (
          <span key={`${index}-${subject.subject}`} className="vre-Chip">
            {subject.subject}
            <button
              type="button"
              className="vre-Chip-remove"
              aria-label={trans.__('Remove keyword %1', subject.subject)}
              title={trans.__('Remove keyword %1', subject.subject)}
              onClick={() => model.removeKeyword(index)}
            >
              ✕
            </button>
          </span>
        ))}
        <input
          className="jp-mod-styled vre-Publish-chipInput"
          aria-label={trans.__('Keywords')}
          placeholder={trans.__('Type and press Enter or a comma')}
          value={text}
          onChange={event => {
            const value = event.currentTarget.value;
            const cut = value.lastIndexOf(',');
            if (cut >= 0) {
              add(value.slice(0, cut));
              setText(value.slice(cut + 1));
            } else {
              setText(value);
            }
          }}
          onKeyDown={event => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add(text);
              setText('');
            } else if (
              event.key === 'Backspace' &&
              text === '' &&
              subjects.length
            ) {
              model.removeKeyword(subjects.length - 1);
            }
          }}
          onBlur={() => {
            add(text);
            setText('');
          }}
        />
      </div>
    </Field>
  );
}

/**
 * A button-like heading of an optional part of the form.
 */
export function AddButton(props: {
  label: string;
  title: string;
  onClick: () => void;
}): React.ReactElement {
  return (
    <Button
      small
      className="jp-mod-styled"
      title={props.title}
      onClick={props.onClick}
    >
      {props.label}
    </Button>
  );
}
