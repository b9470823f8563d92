import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';
import { Button } from './Button.tsx';

export interface DataTableProps<Row> {
  /** Names the table (KERN caption); screen readers announce it when entering the table. */
  caption: ReactNode;
  /** The column headers, in order; each becomes a `<th scope="col">`. */
  columns: readonly ReactNode[];
  rows: readonly Row[];
  /** A stable key per row (its position only where the rows never move). */
  rowKey: (row: Row, index: number) => string | number;
  /** The cells of one row: a `RowHeader` (the cell naming the row), then `Cell`s. */
  children: (row: Row) => ReactNode;
  /**
   * What to say when there are no rows. By default the table gives way to a paragraph with this text; with
   * `emptyInTable` the table (and its caption) stays and the text fills one row across all columns.
   */
  empty?: ReactNode;
  emptyInTable?: boolean;
  /** An extra class for the paragraph of the empty state. */
  emptyClassName?: string;
  /** Extra classes for the table element (e.g. a page's column widths). */
  className?: string;
  id?: string;
  /** Data attributes for a row's `<tr>` (e.g. `data-stop-id`, which tests and scripts find rows by). */
  rowData?: (row: Row) => Record<`data-${string}`, string>;
  /** "Weitere laden": a button under the table fetching the next rows (shown only when given). */
  more?: MoreButtonProps;
  /**
   * For a table wider than the screen: the wrapper becomes one keyboard stop, a region with this name, so it
   * can be scrolled sideways with the arrow keys (WCAG: scrollable regions are reachable by keyboard).
   */
  scrollLabel?: string;
}

export interface MoreButtonProps {
  /** The button's text, e.g. "Weitere laden" (or "Wird geladen …" while `busy`). */
  label: string;
  onMore: () => void;
  /** While the next rows are loading: the button stays focusable but says it is disabled. */
  busy?: boolean;
}

/**
 * A back-office data table (KERN table in a scrolling wrapper): caption, column headers, one row per item
 * with a row header, an empty state and an optional "Weitere laden" button. Accessible by default: the
 * caption names the table, headers are scoped, and the wrapper scrolls on narrow screens.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  children,
  empty,
  emptyInTable = false,
  emptyClassName,
  className,
  id,
  rowData,
  more,
  scrollLabel,
}: DataTableProps<Row>) {
  if (rows.length === 0 && empty !== undefined && !emptyInTable)
    return <p className={emptyClassName}>{empty}</p>;
  return (
    <>
      <div
        className={`planning-table-wrap${scrollLabel ? ' planning-table-wrap--scroll' : ''}`}
        {...(scrollLabel ? { role: 'region', 'aria-label': scrollLabel, tabIndex: 0 } : {})}
      >
        <table className={`kern-table planning-table${className ? ` ${className}` : ''}`} id={id}>
          <caption className="kern-table__caption">{caption}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              {columns.map((column, index) => (
                <th key={index} scope="col" className="kern-table__header">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {rows.length === 0 && empty !== undefined && (
              <tr className="kern-table__row">
                <td className="kern-table__cell" colSpan={columns.length}>
                  {empty}
                </td>
              </tr>
            )}
            {rows.map((row, index) => (
              <tr key={rowKey(row, index)} className="kern-table__row" {...rowData?.(row)}>
                {children(row)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more && <MoreButton {...more} />}
    </>
  );
}

/** "Weitere laden" under a list: `aria-disabled` while loading, so the focus stays on the button. */
export function MoreButton({ label, onMore, busy = false }: MoreButtonProps) {
  return (
    <Button onClick={onMore} aria-disabled={busy || undefined}>
      {label}
    </Button>
  );
}

export interface RowHeaderProps extends ThHTMLAttributes<HTMLTableCellElement> {
  /** The KERN look: a plain cell (default, the back office) or a bold header cell (the scenario tables). */
  look?: 'cell' | 'header';
}

/** The cell naming its row (`<th scope="row">`); the first cell of a DataTable row. */
export function RowHeader({ look = 'cell', className, children, ...props }: RowHeaderProps) {
  return (
    <th scope="row" className={`kern-table__${look}${className ? ` ${className}` : ''}`} {...props}>
      {children}
    </th>
  );
}

/** A data cell of a DataTable row. */
export function Cell({ className, children, ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return (
    <td className={`kern-table__cell${className ? ` ${className}` : ''}`} {...props}>
      {children}
    </td>
  );
}
