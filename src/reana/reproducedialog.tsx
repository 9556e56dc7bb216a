/**
 * Where to re-run a reproduction: this machine or a REANA server the user
 * has a token for. Asked only when there is a choice.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { HTMLSelect, ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IReanaServer, LOCAL_SERVER } from './types';

/**
 * The server to re-run on, or null when the user cancelled.
 */
export async function askWhereToReproduce(
  source: string,
  servers: IReanaServer[],
  trans: TranslationBundle
): Promise<string | null> {
  const usable = servers.filter(s => s.kind === 'reana' && s.token !== null);
  if (usable.length === 0) {
    return LOCAL_SERVER;
  }
  const body = new WhereBody(usable, trans);
  const answer = await showDialog({
    title: trans.__('Reproduce %1', source),
    body,
    buttons: [
      Dialog.cancelButton(),
      Dialog.okButton({ label: trans.__('Reproduce') })
    ]
  });
  return answer.button.accept ? body.getValue() : null;
}

class WhereBody extends ReactWidget implements Dialog.IBodyWidget<string> {
  constructor(
    private readonly _servers: IReanaServer[],
    private readonly _trans: TranslationBundle
  ) {
    super();
    this.addClass('vre-ReproduceWhere');
  }

  getValue(): string {
    return this._server;
  }

  protected render(): React.ReactElement {
    const trans = this._trans;
    return (
      <label data-testid="vre-reproduce-where">
        {trans.__('Re-run the workflow on')}{' '}
        <HTMLSelect
          aria-label={trans.__('Re-run the workflow on')}
          defaultValue={this._server}
          onChange={event => {
            this._server = event.currentTarget.value;
          }}
          options={[
            { value: LOCAL_SERVER, label: trans.__('This machine') },
            ...this._servers.map(s => ({
              value: s.name,
              label: trans.__('REANA: %1', s.display_name)
            }))
          ]}
        />
      </label>
    );
  }

  private _server: string = LOCAL_SERVER;
}
