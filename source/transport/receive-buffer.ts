// A growable byte queue for transports: append received chunks at the end, consume complete frames
// from the front. Compacts when the front gap is large. Storage is allocated on first use (a v1
// transport takes whole frames straight from received chunks and may never need it), starting at
// 16 KiB and doubling; a buffer grown beyond 1 MiB by one large message is released once it drains.

/** No storage yet (allocated on the first append). */
const NONE = new Uint8Array(0);

/** Initial receive-buffer capacity (grows by doubling). */
const INITIAL_BUFFER_BYTES = 16 * 1024;
/** A buffer grown beyond this by one large message is released once it drains. */
const RELEASE_BUFFER_BYTES = 1024 * 1024;

/** A byte queue for received bytes: append at the end, consume from the front, compacting when the front gap is large. */
export class ReceiveBuffer {
  private buf: Uint8Array = NONE;
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  append(bytes: Uint8Array): void {
    if (this.end + bytes.length > this.buf.length) {
      const live = this.end - this.start;
      const needed = live + bytes.length;
      if (needed <= this.buf.length && this.start >= this.buf.length / 2) {
        this.buf.copyWithin(0, this.start, this.end);
      } else {
        let cap = Math.max(this.buf.length, INITIAL_BUFFER_BYTES);
        while (cap < needed) cap *= 2;
        const next = new Uint8Array(cap);
        next.set(this.buf.subarray(this.start, this.end));
        this.buf = next;
      }
      this.start = 0;
      this.end = live;
    }
    this.buf.set(bytes, this.end);
    this.end += bytes.length;
  }

  view(): Uint8Array {
    return this.buf.subarray(this.start, this.end);
  }

  consume(n: number): void {
    this.start += n;
    if (this.start === this.end) {
      this.start = 0;
      this.end = 0;
      // Release a buffer grown by one large message.
      if (this.buf.length > RELEASE_BUFFER_BYTES) this.buf = NONE;
    }
  }

  clear(): void {
    this.buf = NONE;
    this.start = 0;
    this.end = 0;
  }
}
