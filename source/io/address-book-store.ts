// Loads and saves the address book file (peers.dat). Missing → empty book. Unreadable, corrupt or of
// an unknown version → the file is moved aside to `<name>.corrupt-<timestamp>` (never overwritten, so
// the evidence survives), a one-line warning is returned, and the node starts empty. Saving is atomic,
// so the only good copy is never replaced by a partial write.
import { readFile, rename } from 'node:fs/promises';
import type { Millis } from '../shared/time.js';
import type { Random } from '../shared/random.js';
import { AddressManager } from '../address-manager/address-manager.js';
import { deserializeBook } from '../address-manager/serialize.js';
import { writeFileAtomic } from './atomic-file.js';

/** The outcome of loading: the book, and a warning when the file had to be moved aside. */
export interface LoadedAddressBook {
  readonly book: AddressManager;
  readonly warning: string | null;
  /** Where a damaged file was moved, or null. */
  readonly movedTo: string | null;
}

/** Loads the book at `path` (see the header for the rules); never throws for a bad file. */
export async function loadAddressBook(path: string, options: { random: Random; allowPrivateAddresses: boolean; now: Millis }): Promise<LoadedAddressBook> {
  const empty = (): AddressManager => new AddressManager({ random: options.random, allowPrivateAddresses: options.allowPrivateAddresses });
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { book: empty(), warning: null, movedTo: null };
    return moveAside(path, options.now, `unreadable (${(err as Error).message})`, empty());
  }
  const decoded = deserializeBook(bytes, options);
  if (decoded.ok) return { book: decoded.value, warning: null, movedTo: null };
  return moveAside(path, options.now, decoded.error.message, empty());
}

async function moveAside(path: string, now: Millis, why: string, book: AddressManager): Promise<LoadedAddressBook> {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const target = `${path}.corrupt-${stamp}`;
  try {
    await rename(path, target);
    return { book, warning: `address book ${path} is damaged (${why}); moved aside to ${target}, starting empty`, movedTo: target };
  } catch (err) {
    return { book, warning: `address book ${path} is damaged (${why}) and could not be moved aside (${(err as Error).message}); starting empty`, movedTo: null };
  }
}

/** Saves the book atomically to `path`. */
export async function saveAddressBook(path: string, book: { serialize(): Uint8Array }): Promise<void> {
  await writeFileAtomic(path, book.serialize());
}
