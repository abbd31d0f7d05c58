// CompactTable (ink-table with one separator and position-keyed rows): one line per row, the
// separator only under the heading, no separator without rows, and rows updated in place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { render } from 'ink-testing-library';
import { CompactTable } from '../../source/ui/compact-table.js';

const separators = (frame: string): number => frame.split('\n').filter((l) => l.startsWith('├')).length;

test('rows take one line each, with one separator under the heading', () => {
  const { lastFrame, unmount } = render(<CompactTable data={[{ id: 1, ping: '42ms' }, { id: 2, ping: '7ms' }, { id: 3, ping: '-' }]} />);
  const frame = lastFrame() ?? '';
  const lines = frame.split('\n');
  assert.equal(lines.length, 7, frame); // top, heading, separator, 3 rows, bottom
  assert.equal(separators(frame), 1);
  assert.match(lines[2] ?? '', /^├/);
  assert.match(lines[3] ?? '', /│ 1 +│ 42ms +│/);
  unmount();
});

test('no rows: heading and borders only; changed values redraw in place', () => {
  const { lastFrame, rerender, unmount } = render(<CompactTable data={[]} />);
  assert.equal(separators(lastFrame() ?? ''), 0);
  rerender(<CompactTable data={[{ id: 1, ping: '42ms' }]} />);
  rerender(<CompactTable data={[{ id: 1, ping: '9ms' }]} />);
  const frame = lastFrame() ?? '';
  assert.match(frame, /│ 9ms +│/);
  assert.doesNotMatch(frame, /42ms/);
  assert.equal(separators(frame), 1);
  unmount();
});
