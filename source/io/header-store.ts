// headers.dat in the data directory: the chain's append-only record file (format in
// chain/store-format.ts). At start it is read and decoded; a torn or corrupt tail is cut off by
// truncating the file to its good prefix, and the good headers are returned for the chain to replay.
// Loading never throws: an unreadable file yields no headers and a message saying why.
import { readFile, truncate, appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeRecords, HEADER_SIZE } from '../chain/store-format.js';

/** The header store's file name in the data directory. */
export const HEADER_STORE_FILE = 'headers.dat';

/** What loading found. */
export interface LoadedHeaders {
  /** Good headers, 80 bytes each, concatenated, in file order (replay with chain.acceptRaw). */
  readonly headers: Uint8Array;
  readonly count: number;
  /** Bytes cut off a torn/corrupt tail (0 when clean). */
  readonly trimmedBytes: number;
  /** A human-readable note when something was wrong (trimmed or unreadable), else null. */
  readonly problem: string | null;
}

/** Reads `dir/headers.dat`, truncating a torn or corrupt tail; never throws. */
export async function loadHeaderStore(dir: string): Promise<LoadedHeaders> {
  const path = join(dir, HEADER_STORE_FILE);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT') return { headers: new Uint8Array(0), count: 0, trimmedBytes: 0, problem: null };
    return { headers: new Uint8Array(0), count: 0, trimmedBytes: 0, problem: `${path} unreadable (${code ?? String(err)}); starting from genesis` };
  }
  const d = decodeRecords(bytes);
  if (d.problem === null) return { headers: d.headers, count: d.count, trimmedBytes: 0, problem: null };
  const trimmedBytes = bytes.length - d.goodBytes;
  let note = `${path}: ${d.problem} record at byte ${d.goodBytes}; trimmed ${trimmedBytes} bytes, kept ${d.count} headers`;
  try {
    await truncate(path, d.goodBytes);
  } catch (err) {
    note += ` (truncate failed: ${(err as { code?: string }).code ?? String(err)})`;
  }
  return { headers: d.headers.subarray(0, d.count * HEADER_SIZE), count: d.count, trimmedBytes, problem: note };
}

/** Appends records (AcceptResult.records) to `dir/headers.dat`, creating the directory if needed. */
export async function appendHeaderRecords(dir: string, records: Uint8Array): Promise<void> {
  if (records.length === 0) return;
  await mkdir(dir, { recursive: true });
  await appendFile(join(dir, HEADER_STORE_FILE), records);
}
