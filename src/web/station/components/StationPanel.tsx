import type { ReactNode } from 'react';

/** A panel of the day page: a section labelled by its h2. */
export function StationPanel({
  headingId,
  heading,
  className = 'station-panel',
  children,
}: {
  headingId: string;
  heading: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={headingId} className={className}>
      <h2 className="kern-heading-medium" id={headingId}>
        {heading}
      </h2>
      {children}
    </section>
  );
}

export interface StationColumn {
  label: ReactNode;
  /** KERN header modifier: right-aligned numbers or the narrow action column */
  modifier?: 'numeric' | 'action';
}

/** A small, responsive KERN table with one header row; the rows are the children. */
export function StationTable({ columns, children }: { columns: StationColumn[]; children: ReactNode }) {
  return (
    <div className="kern-table-responsive">
      <table className="kern-table kern-table--small">
        <thead className="kern-table__head">
          <tr className="kern-table__row">
            {columns.map((column, index) => (
              <th
                key={index}
                scope="col"
                className={`kern-table__header${column.modifier ? ` kern-table__header--${column.modifier}` : ''}`}
              >
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="kern-table__body">{children}</tbody>
      </table>
    </div>
  );
}
