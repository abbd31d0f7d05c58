// ink-table's Table with one separator (under the heading) instead of one between every row, so a
// peer takes one terminal line and 80×24 still shows a useful list.
import type React from 'react';
import { Table } from 'ink-table';

type Scalar = string | number | boolean | null | undefined;
type Row = { [key: string]: Scalar };
type RowRenderer = (props: { key: string; columns: unknown[]; data: Partial<Row> }) => React.JSX.Element | null;

/** A Table that draws the row separator only above the first row. */
export class CompactTable extends Table<Row> {
  /** Wraps the separator of the base class. */
  constructor(props: ConstructorParameters<typeof Table<Row>>[0]) {
    super(props);
    const full = this.separator as unknown as RowRenderer;
    (this as unknown as { separator: RowRenderer }).separator = (p) => (p.key.endsWith('-0') ? full(p) : null);
  }
}
