import { nullTranslator } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

import { silentFollower } from '../components/jobs';
import { PublishClient } from '../zenodo/client';
import { PublishFormModel } from '../zenodo/formmodel';
import { PublishFormWidget } from '../zenodo/formwidget';
import { RepositoryBar } from '../zenodo/repositorybar';
import { RepositoryModel } from '../zenodo/repositorymodel';
import { UploadJobsModel } from '../zenodo/uploadjobs';
import { UploadLauncher } from '../zenodo/uploader';
import { fakeAPI, IFakeCall, until } from './helpers';
import {
  depositBody,
  repositoryBody,
  ROCRATE_REPOSITORY,
  vocabulariesBody
} from './publish-fixtures';

const trans = nullTranslator.load('vre_lab');

function api() {
  return fakeAPI((call: IFakeCall) => {
    switch (call.path) {
      case 'zenodo/repositories':
        return {
          repositories: [repositoryBody(), ROCRATE_REPOSITORY],
          selected: 'sandbox'
        };
      case 'zenodo/repositories/sandbox/whoami':
        return {
          repository: 'sandbox',
          user: { id: '1', username: 'jdoe', full_name: 'Jane Doe' }
        };
      case 'zenodo/vocabularies':
        return vocabulariesBody();
      case 'zenodo/metadata/prefill':
        return { deposit: depositBody(), sources: ['CITATION.cff'] };
      case 'zenodo/metadata/validate':
        return { valid: true, errors: [], warnings: [] };
    }
    return { jobs: [] };
  });
}

function text(selector: string): string {
  return document.querySelector(selector)?.textContent ?? '';
}

describe('RepositoryBar', () => {
  it('says who the user is', async () => {
    const client = new PublishClient(api().request);
    const model = new RepositoryModel({ client, trans });
    const widget = ReactWidget.create(
      <RepositoryBar model={model} trans={trans} />
    );
    Widget.attach(widget, document.body);
    await model.load();
    await until(() =>
      text('[data-testid="vre-publish-connection"]').includes(
        'Connected as Jane Doe (jdoe)'
      )
    );
    const select = document.querySelector<HTMLSelectElement>(
      'select[aria-label="Repository"]'
    )!;
    expect(Array.from(select.options).map(o => o.textContent)).toEqual([
      'Zenodo sandbox',
      'RO-Crate file (no repository)'
    ]);
    widget.dispose();
    model.dispose();
  });
});

describe('PublishFormWidget', () => {
  /**
   * A form for `results/plot.png`, prefilled and valid, attached to the page.
   */
  async function openForm() {
    const { request } = api();
    const client = new PublishClient(request);
    const repositories = new RepositoryModel({ client });
    await repositories.load();
    const jobs = new UploadJobsModel({ client });
    const model = new PublishFormModel({
      client,
      repositories,
      launcher: new UploadLauncher({
        client,
        jobs,
        follow: silentFollower(request)
      }),
      vocabularies: () => client.vocabularies(),
      paths: ['results/plot.png'],
      validateDelay: 5,
      trans
    });
    const widget = new PublishFormWidget({
      model,
      trans,
      actions: { reveal: () => undefined }
    });
    Widget.attach(widget, document.body);
    await model.start();
    await until(() => model.canSubmit);
    const dispose = () => {
      widget.dispose();
      jobs.dispose();
      repositories.dispose();
    };
    return { model, widget, dispose };
  }

  it('labels its fields, shows errors next to them and gates the upload', async () => {
    const { model, widget, dispose } = await openForm();
    expect(widget.title.label).toBe('Publish: Higgs to four leptons');

    const submit = () =>
      document.querySelector<HTMLButtonElement>(
        '[data-testid="vre-publish-submit"]'
      )!;
    await until(() => submit()?.disabled === false);
    expect(submit().textContent).toBe('Upload');
    expect(text('[data-testid="vre-publish-sources"]')).toBe(
      'Prefilled from CITATION.cff'
    );
    for (const label of [
      'Title',
      'Description',
      'Resource type',
      'Publication date',
      'License',
      'Keywords',
      'Creator 1 family name',
      'Creator 1 ORCID',
      'Open'
    ]) {
      expect(document.querySelector(`[aria-label="${label}"]`)).not.toBeNull();
    }

    model.edit(d => {
      d.metadata.creators[0].person_or_org.identifiers = [
        { scheme: 'orcid', identifier: '0000-0002-1825-0098' }
      ];
    });
    await until(() => submit().disabled);
    const field = document.querySelector(
      '[data-field="metadata.creators.0.person_or_org.identifiers.0.identifier"]'
    )!;
    expect(field.querySelector('.vre-Publish-fieldError')?.textContent).toMatch(
      /check digit/
    );

    model.repository = 'rocrate';
    await until(() => submit().textContent === 'Export RO-Crate');
    dispose();
  });

  it('lists the errors to fix (not the warnings) and names the action', async () => {
    const { model, dispose } = await openForm();
    model.repository = 'rocrate';
    // Two errors (no title, no resource type), two warnings (no
    // description, no keywords).
    model.edit(d => {
      d.metadata.title = '';
      d.metadata.resource_type = { id: '' };
      d.metadata.description = '';
      d.metadata.subjects = [];
    });
    const check = () =>
      document.querySelector<HTMLElement>('[data-testid="vre-publish-check"]')!;
    await until(() => check()?.dataset.errors === '2');
    expect(check().dataset.warnings).toBe('2');
    const footer = check().textContent ?? '';
    expect(footer).toContain('2 problems to fix before exporting:');
    expect(footer).not.toContain('uploading');
    const listed = (selector: string) =>
      Array.from(check().querySelectorAll(`${selector} li`)).map(
        li => li.textContent
      );
    expect(listed('.vre-PublishForm-errors').sort()).toEqual(
      ['A title is required.', 'Choose a resource type.'].sort()
    );
    expect(listed('.vre-PublishForm-warnings').sort()).toEqual([
      'A description helps others.',
      'Keywords help others find the record.'
    ]);

    // An error is a link to its field.
    const title = check().querySelector<HTMLButtonElement>(
      '.vre-PublishForm-errors li[data-field="metadata.title"] button'
    )!;
    title.click();
    expect(document.activeElement).toBe(
      document.querySelector('[aria-label="Title"]')
    );

    // To a repository, the action is an upload.
    model.repository = 'sandbox';
    await until(() => (check()?.textContent ?? '').includes('uploading'));
    dispose();
  });
});
