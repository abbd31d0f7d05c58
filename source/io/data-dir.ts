// The data directory (~/.canopy/<network> by default): file names for what the engine persists,
// creation, optional reads (atomic writes live in atomic-file.ts).
import { mkdirSync, readFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { NetworkName } from '../protocol/params.js';

/** File names inside the data directory (Core: peers.dat, anchors.dat, banlist.dat). */
export const DATA_FILES = { peers: 'peers.dat', anchors: 'anchors.dat', banlist: 'banlist.dat', headers: 'headers.dat' } as const;

/** The default data directory for a network. */
export function defaultDataDir(network: NetworkName): string {
  return join(homedir(), '.canopy', network);
}

/** Creates the directory (and parents) if needed; returns it. */
export function ensureDataDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Reads a file, or null when it does not exist. */
export function readOptional(path: string): Uint8Array | null {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return null;
    throw err;
  }
}

/** Appends bytes to a file (created when missing). */
export async function appendBytes(path: string, bytes: Uint8Array): Promise<void> {
  await appendFile(path, bytes);
}
