/**
 * A tab of a section's tab bar (Data, Workflows, Publish, a workflow's
 * detail).
 */
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

export interface ITabProps {
  label: string;
  selected: boolean;
  testid: string;
  onSelect: () => void;
  title?: string;
}

export function Tab(props: ITabProps): React.ReactElement {
  return (
    <Button
      minimal
      role="tab"
      aria-selected={props.selected}
      data-testid={props.testid}
      className={`vre-Tabs-tab ${props.selected ? 'vre-mod-selected' : ''}`}
      title={props.title}
      onClick={props.onSelect}
    >
      {props.label}
    </Button>
  );
}
