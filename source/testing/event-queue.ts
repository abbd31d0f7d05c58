// A binary min-heap of timed items for the simulator; equal times pop in insertion order.

/** Timed queue. */
export class EventQueue<T> {
  private readonly times: number[] = [];
  private readonly seqs: number[] = [];
  private readonly items: T[] = [];
  private seq = 0;

  /** Number of queued items. */
  get size(): number {
    return this.items.length;
  }

  /** Time of the earliest item, or Infinity. */
  peekTime(): number {
    return this.times[0] ?? Infinity;
  }

  private less(i: number, j: number): boolean {
    const ti = this.times[i] as number, tj = this.times[j] as number;
    return ti < tj || (ti === tj && (this.seqs[i] as number) < (this.seqs[j] as number));
  }

  private swap(i: number, j: number): void {
    [this.times[i], this.times[j]] = [this.times[j] as number, this.times[i] as number];
    [this.seqs[i], this.seqs[j]] = [this.seqs[j] as number, this.seqs[i] as number];
    [this.items[i], this.items[j]] = [this.items[j] as T, this.items[i] as T];
  }

  /** Queues `item` at `time`. */
  push(time: number, item: T): void {
    this.times.push(time);
    this.seqs.push(this.seq++);
    this.items.push(item);
    let i = this.items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes and returns the earliest item. */
  pop(): T | undefined {
    if (this.items.length === 0) return undefined;
    const top = this.items[0];
    const last = this.items.length - 1;
    this.swap(0, last);
    this.times.pop();
    this.seqs.pop();
    this.items.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < this.items.length && this.less(l, m)) m = l;
      if (r < this.items.length && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
}
