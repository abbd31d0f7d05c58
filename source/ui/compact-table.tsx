// ink-table's Table, drawn more cheaply: one separator (under the heading) instead of one between
// every row, so a peer takes one terminal line and 80×24 still shows a useful list; and rows keyed by
// position. ink-table keys each row by a SHA-1 of its values, so every row whose numbers changed
// (bytes, ping) was unmounted and rebuilt on every refresh; position keys let React update the cells
// in place.
import { Box } from 'ink';
import React from 'react';
import { Table } from 'ink-table';

type Scalar = string | number | boolean | null | undefined;
type Row = { [key: string]: Scalar };

/** A Table with a single separator and rows that keep their identity across refreshes. */
export class CompactTable extends Table<Row> {
  /** Header, heading, the separator once, then one line per row (same cells as ink-table draws). */
  override render(): React.JSX.Element {
    const columns = this.getColumns();
    return (
      <Box flexDirection="column">
        {this.header({ key: 'header', columns, data: {} })}
        {this.heading({ key: 'heading', columns, data: this.getHeadings() })}
        {this.props.data.length > 0 ? this.separator({ key: 'separator', columns, data: {} }) : null}
        {this.props.data.map((row, index) => <React.Fragment key={`row-${index}`}>{this.data({ key: `row-${index}`, columns, data: row })}</React.Fragment>)}
        {this.footer({ key: 'footer', columns, data: {} })}
      </Box>
    );
  }
}
