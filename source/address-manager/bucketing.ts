// Bucket and slot positions from a keyed hash (Core: AddrInfo::GetTriedBucket, GetNewBucket,
// GetBucketPosition). The key is the book's secret 32-byte salt; the hash is SHA-256 (Core uses its
// double-SHA-256 "cheap hash"; any keyed hash an attacker cannot predict serves). Group-only hashes
// are memoised, so adding an address costs one hash.
import { createHash } from 'node:crypto';
import { BUCKET_SIZE, NEW_BUCKET_COUNT, NEW_BUCKETS_PER_SOURCE_GROUP, TRIED_BUCKET_COUNT, TRIED_BUCKETS_PER_GROUP } from './constants.js';

/** Computes bucket indices and positions for one salt. */
export class Bucketing {
  private readonly newMemo = new Map<string, number>();
  private readonly triedMemo = new Map<string, number>();

  /** Creates the bucketing for a secret salt. */
  constructor(readonly salt: Uint8Array) {}

  private hash(...parts: readonly (string | Uint8Array)[]): number {
    const h = createHash('sha256').update(this.salt);
    for (const p of parts) h.update(typeof p === 'string' ? Buffer.from(p, 'latin1') : p);
    return h.digest().readUInt32LE(0);
  }

  /** The tried bucket (Core: hash1 = H(key, addr) % 8; bucket = H(key, group, hash1) % 256). */
  triedBucket(key: string, group: string): number {
    const hash1 = this.hash('T', key) % TRIED_BUCKETS_PER_GROUP;
    const memoKey = `${group}\u0000${hash1}`;
    let bucket = this.triedMemo.get(memoKey);
    if (bucket === undefined) {
      bucket = this.hash('t', group, '\u0000', String.fromCharCode(hash1)) % TRIED_BUCKET_COUNT;
      this.triedMemo.set(memoKey, bucket);
    }
    return bucket;
  }

  /** The new bucket (Core: hash1 = H(key, group, srcGroup) % 64; bucket = H(key, srcGroup, hash1) % 1024). */
  newBucket(group: string, sourceGroup: string): number {
    const memoKey = `${group}\u0000${sourceGroup}`;
    let bucket = this.newMemo.get(memoKey);
    if (bucket === undefined) {
      const hash1 = this.hash('G', group, '\u0000', sourceGroup) % NEW_BUCKETS_PER_SOURCE_GROUP;
      bucket = this.hash('S', sourceGroup, '\u0000', String.fromCharCode(hash1)) % NEW_BUCKET_COUNT;
      if (this.newMemo.size > 100_000) this.newMemo.clear();
      this.newMemo.set(memoKey, bucket);
    }
    return bucket;
  }

  /** The slot inside a bucket (Core: H(key, 'N' or 'K', bucket, addr) % 64). */
  position(isNew: boolean, bucket: number, key: string): number {
    return this.hash(isNew ? 'N' : 'K', String.fromCharCode(bucket >> 8, bucket & 0xff), key) % BUCKET_SIZE;
  }
}
