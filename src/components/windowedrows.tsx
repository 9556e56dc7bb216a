/**
 * A list that renders only the rows in view (rows of one fixed height), so
 * that 100,000 rows cost as little as 30. The rows' data stays in the
 * caller's model; this only knows how many there are.
 */
import * as React from 'react';

/**
 * The properties of `WindowedRows`.
 */
export interface IWindowedRowsProps {
  /** How many rows there are. */
  count: number;
  /** The height of every row, in pixels. */
  rowHeight: number;
  /** Render the row at `index`. */
  renderRow: (index: number) => React.ReactNode;
  /** Called with the first and last row index in view after each scroll. */
  onRowsVisible?: (first: number, last: number) => void;
  /** Rows rendered above and below the view. */
  overscan?: number;
  /** The view's height before it can be measured. */
  defaultHeight?: number;
  /** A row to bring into view (when it changes). */
  scrollToIndex?: number | null;
  /** A fixed height for the view, in pixels (else the stylesheet's). */
  height?: number;
  className?: string;
  label?: string;
  testid?: string;
}

/**
 * The properties of `WindowedRows`, in its namespace.
 */
export namespace WindowedRows {
  export type IProps = IWindowedRowsProps;
}

/**
 * A windowed list of fixed-height rows.
 */
export function WindowedRows(props: IWindowedRowsProps): React.ReactElement {
  const {
    count,
    rowHeight,
    renderRow,
    onRowsVisible,
    overscan = 10,
    defaultHeight = 300
  } = props;
  const ref = React.useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = React.useState(0);
  const [height, setHeight] = React.useState(defaultHeight);

  React.useEffect(() => {
    const node = ref.current;
    if (!node) {
      return;
    }
    const measure = (): void => {
      if (node.clientHeight > 0) {
        setHeight(node.clientHeight);
      }
    };
    measure();
    if (typeof ResizeObserver === 'undefined') {
      return;
    }
    const observer = new ResizeObserver(measure);
    observer.observe(node);
    return () => observer.disconnect();
  }, []);

  const firstVisible = Math.min(
    Math.max(0, count - 1),
    Math.floor(scrollTop / rowHeight)
  );
  const lastVisible = Math.min(
    count - 1,
    Math.ceil((scrollTop + height) / rowHeight) - 1
  );

  React.useEffect(() => {
    if (count > 0) {
      onRowsVisible?.(firstVisible, lastVisible);
    }
  }, [firstVisible, lastVisible, count]);

  const { scrollToIndex } = props;
  React.useEffect(() => {
    const node = ref.current;
    if (!node || scrollToIndex === undefined || scrollToIndex === null) {
      return;
    }
    const top = scrollToIndex * rowHeight;
    const view = node.clientHeight || height;
    if (top < node.scrollTop || top + rowHeight > node.scrollTop + view) {
      node.scrollTop = Math.max(0, top - (view - rowHeight) / 2);
      setScrollTop(node.scrollTop);
    }
  }, [scrollToIndex, props.height]);

  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(count, lastVisible + 1 + overscan);
  const rows: React.ReactNode[] = [];
  for (let index = start; index < end; index++) {
    rows.push(
      <div
        key={index}
        className="vre-WindowedRows-row"
        role="listitem"
        aria-setsize={count}
        aria-posinset={index + 1}
        style={{ top: index * rowHeight, height: rowHeight }}
      >
        {renderRow(index)}
      </div>
    );
  }

  return (
    <div
      ref={ref}
      className={`vre-WindowedRows ${props.className ?? ''}`}
      role="list"
      aria-label={props.label}
      data-testid={props.testid}
      data-count={count}
      style={props.height !== undefined ? { height: props.height } : undefined}
      onScroll={event => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div
        className="vre-WindowedRows-spacer"
        style={{ height: count * rowHeight }}
      >
        {rows}
      </div>
    </div>
  );
}
