// The reactor (design.md §2): the thin I/O shell around the pure engine. It owns the only timer
// (wake-at) and the only clock, turns socket/DNS/timer/command happenings into Inputs, and executes
// the Effects the engine returns. Inputs are queued and handled one at a time; effects produced by
// one input are executed after `handle` returns, so nothing re-enters the engine.
//
//   socket/DNS/timer/command ──enqueue──► queue ──drain──► engine.handle(input) ──► effects ──► execute
//                 ▲                                                                          │
//                 └────────────── async completions (dialed, received, closed, …) ◄──────────┘
import type net from 'node:net';
import type { Millis } from '../shared/time.js';
import type { Command, CommandResult, DialFailureReason, DialTarget, Effect, Input, NodeEvent, PeerId, Snapshot } from '../engine/types.js';
import type { DialOutcome } from './tcp-dialer.js';
import type { SeedAnswer } from './dns-seeds.js';

/** What the reactor needs from the engine (source/engine/engine.ts). */
export interface EngineLike {
  handle(input: Input): readonly Effect[];
  snapshot(now: Millis): Snapshot;
}

/** Inputs without their `now` (the reactor stamps the time when it hands them over). */
export type PendingInput = Input extends infer I ? (I extends { now: Millis } ? Omit<I, 'now'> : never) : never;

/** The I/O services the reactor drives (real ones in node.ts, fakes never: tests use real sockets). */
export interface ReactorIo {
  /** The only clock. */
  now(): Millis;
  /** Opens a connection (TCP or SOCKS5). */
  dial(target: DialTarget, timeoutMs: Millis): Promise<DialOutcome>;
  /** Resolves one DNS seed. */
  resolveSeed(seed: string, timeoutMs: Millis): Promise<SeedAnswer>;
  /** Writes a data file atomically. */
  persist(file: 'peers' | 'anchors' | 'banlist', bytes: Uint8Array): Promise<void>;
  /** Appends header records to the header store. */
  appendHeaders(bytes: Uint8Array): Promise<void>;
  /** Reports an I/O problem that is not the engine's business (a failed save, …). */
  warn(message: string): void;
}

/**
 * Per-socket cap on bytes queued for writing: a peer that stops reading is dropped.
 * Core: DEFAULT_MAXSENDBUFFER is 1000 kB (a soft pause); we drop above 2 × the 4 MB payload cap plus headroom.
 */
export const MAX_SEND_QUEUE_BYTES = 10 * 1024 * 1024;

/** Upper bound on one sleep, so a lost wake-at can never stall the engine (a tick is always harmless). */
export const MAX_SLEEP_MS = 1000;

interface Connection {
  socket: net.Socket;
  /** True once the engine asked to close it: later socket happenings are not reported. */
  closing: boolean;
}

/** The reactor: create it, subscribe to events, then `start()`. */
export class Reactor {
  private readonly queue: PendingInput[] = [];
  private draining = false;
  private readonly connections = new Map<PeerId, Connection>();
  /** Dials in flight: peer id → token of the current attempt (a close or a new dial supersedes it). */
  private readonly dialTokens = new Map<PeerId, number>();
  private nextDialToken = 1;
  private readonly pendingCommands = new Map<number, (result: CommandResult) => void>();
  private nextRequestId = 1;
  private timer: NodeJS.Timeout | null = null;
  private timerAt: Millis | null = null;
  private stopped = false;
  private readonly persistChains = new Map<string, Promise<void>>();
  private headerChain: Promise<void> = Promise.resolve();
  private readonly eventListeners = new Set<(event: NodeEvent) => void>();
  private readonly drainListeners = new Set<() => void>();
  private resolveStopped!: () => void;
  /** Resolves when the engine has emitted `stopped` (or the reactor was torn down). */
  readonly stoppedPromise: Promise<void> = new Promise((resolve) => { this.resolveStopped = resolve; });

  /** Creates a reactor around an engine and the I/O services. */
  constructor(private readonly engine: EngineLike, private readonly io: ReactorIo) {}

  /** Feeds the `start` input. */
  start(): void {
    this.enqueue({ type: 'start' });
  }

  /** Listens to every event, in order. */
  onEvent(listener: (event: NodeEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Called after each batch of inputs was handled (the snapshot may have changed). */
  onDrained(listener: () => void): () => void {
    this.drainListeners.add(listener);
    return () => this.drainListeners.delete(listener);
  }

  /** The engine's snapshot at the reactor's clock. */
  snapshot(): Snapshot {
    return this.engine.snapshot(this.io.now());
  }

  /** Runs a command through the engine. */
  command(command: Command): Promise<CommandResult> {
    if (this.stopped) return Promise.resolve({ ok: false, code: 'shutting-down', reason: 'the node has stopped' });
    const requestId = this.nextRequestId++;
    return new Promise((resolve) => {
      this.pendingCommands.set(requestId, resolve);
      this.enqueue({ type: 'command', requestId, command });
    });
  }

  /** True once the engine has stopped. */
  isStopped(): boolean {
    return this.stopped;
  }

  /** Tears everything down at once (used after `stopped`, or when the engine cannot stop cleanly). */
  destroy(): void {
    this.finish();
  }

  /** Queues an input; handled as soon as the current one is done. */
  enqueue(input: PendingInput): void {
    if (this.stopped) return;
    this.queue.push(input);
    if (!this.draining) this.drain();
  }

  private drain(): void {
    this.draining = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const pending = this.queue.shift() as PendingInput;
        const input = Object.assign({}, pending, { now: this.io.now() }) as Input; // faster than a spread in V8
        const effects = this.engine.handle(input);
        for (const effect of effects) this.execute(effect);
      }
    } finally {
      this.draining = false;
    }
    for (const listener of this.drainListeners) listener();
  }

  private execute(effect: Effect): void {
    switch (effect.type) {
      case 'dial': this.dial(effect.peerId, effect.target, effect.timeoutMs); break;
      case 'send': this.send(effect.peerId, effect.bytes); break;
      case 'close': this.close(effect.peerId); break;
      case 'wake-at': this.wakeAt(effect.at); break;
      case 'resolve-seed': this.resolveSeed(effect.seed, effect.timeoutMs); break;
      case 'persist': this.persist(effect.file, effect.bytes); break;
      case 'append-headers': this.appendHeaders(effect.bytes); break;
      case 'event':
        for (const listener of this.eventListeners) listener(effect.event);
        break;
      case 'command-result': {
        const resolve = this.pendingCommands.get(effect.requestId);
        this.pendingCommands.delete(effect.requestId);
        resolve?.(effect.result);
        break;
      }
      case 'stopped':
        // Let pending writes flush before tearing down (executed after the current batch).
        queueMicrotask(() => this.finish());
        break;
    }
  }

  private dial(peerId: PeerId, target: DialTarget, timeoutMs: Millis): void {
    const token = this.nextDialToken++;
    this.dialTokens.set(peerId, token);
    this.io.dial(target, timeoutMs).then((outcome) => {
      const current = this.dialTokens.get(peerId) === token;
      if (current) this.dialTokens.delete(peerId);
      if (this.stopped || !current) {
        // The engine closed this peer (or re-dialled it) while the dial was in flight.
        if (outcome.ok) outcome.socket.destroy();
        return;
      }
      if (!outcome.ok) {
        this.enqueue({ type: 'dial-failed', peerId, reason: outcome.reason, detail: outcome.detail });
        return;
      }
      this.attach(peerId, outcome.socket);
    }, (err: unknown) => {
      if (this.dialTokens.get(peerId) !== token || this.stopped) return;
      this.dialTokens.delete(peerId);
      const reason: DialFailureReason = 'error';
      this.enqueue({ type: 'dial-failed', peerId, reason, detail: err instanceof Error ? err.message : String(err) });
    });
  }

  private attach(peerId: PeerId, socket: net.Socket): void {
    const connection: Connection = { socket, closing: false };
    this.connections.set(peerId, connection);
    socket.setNoDelay(true);
    let closedDetail: string | undefined;
    socket.on('data', (chunk: Buffer) => {
      if (connection.closing) return;
      this.enqueue({ type: 'received', peerId, bytes: new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength) });
    });
    socket.on('error', (err: Error & { code?: string }) => {
      closedDetail = err.code === 'ECONNRESET' ? 'connection reset by peer' : err.message;
    });
    socket.on('close', () => {
      if (this.connections.get(peerId) === connection) this.connections.delete(peerId);
      if (connection.closing) return;
      connection.closing = true;
      this.enqueue(closedDetail !== undefined ? { type: 'closed', peerId, detail: closedDetail } : { type: 'closed', peerId, detail: 'peer closed the connection' });
    });
    this.enqueue({ type: 'dialed', peerId });
  }

  private send(peerId: PeerId, bytes: Uint8Array): void {
    const connection = this.connections.get(peerId);
    if (!connection || connection.closing || bytes.length === 0) return;
    const { socket } = connection;
    if (socket.writableLength + bytes.length > MAX_SEND_QUEUE_BYTES) {
      // The peer stopped reading: drop it instead of buffering without bound.
      connection.closing = true;
      socket.destroy();
      this.connections.delete(peerId);
      this.enqueue({ type: 'closed', peerId, detail: `send queue full (${MAX_SEND_QUEUE_BYTES} bytes unread by the peer)` });
      return;
    }
    socket.write(bytes);
  }

  private close(peerId: PeerId): void {
    this.dialTokens.delete(peerId);
    const connection = this.connections.get(peerId);
    if (!connection) return; // already gone (the peer hung up first) or never connected
    connection.closing = true;
    this.connections.delete(peerId);
    const { socket } = connection;
    // Flush what the engine queued (e.g. a reject), then close; never wait on a peer forever.
    socket.end();
    setTimeout(() => socket.destroy(), 2000).unref();
  }

  private wakeAt(at: Millis): void {
    if (this.stopped) return;
    const now = this.io.now();
    const target = Math.min(at, now + MAX_SLEEP_MS);
    if (this.timer !== null && this.timerAt !== null && this.timerAt <= target) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerAt = target;
    this.timer = setTimeout(() => this.onTimer(), Math.max(0, target - now));
  }

  private onTimer(): void {
    this.timer = null;
    this.timerAt = null;
    this.enqueue({ type: 'tick' });
    // Keep the heartbeat alive even if the engine asks for nothing.
    if (this.timer === null && !this.stopped) this.wakeAt(this.io.now() + MAX_SLEEP_MS);
  }

  private resolveSeed(seed: string, timeoutMs: Millis): void {
    this.io.resolveSeed(seed, timeoutMs).then((answer) => {
      this.enqueue(answer.error !== undefined
        ? { type: 'seeds-resolved', seed, addresses: answer.addresses, error: answer.error }
        : { type: 'seeds-resolved', seed, addresses: answer.addresses });
    }, (err: unknown) => {
      this.enqueue({ type: 'seeds-resolved', seed, addresses: [], error: err instanceof Error ? err.message : String(err) });
    });
  }

  private persist(file: 'peers' | 'anchors' | 'banlist', bytes: Uint8Array): void {
    // Writes of one file are serialised so an older snapshot never overwrites a newer one.
    const previous = this.persistChains.get(file) ?? Promise.resolve();
    const next = previous.then(() => this.io.persist(file, bytes)).catch((err: unknown) => {
      this.io.warn(`could not save ${file}: ${err instanceof Error ? err.message : String(err)}`);
    });
    this.persistChains.set(file, next);
  }

  private appendHeaders(bytes: Uint8Array): void {
    this.headerChain = this.headerChain.then(() => this.io.appendHeaders(bytes)).catch((err: unknown) => {
      this.io.warn(`could not append headers: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  /** Resolves when every queued file write has finished. */
  async flushWrites(): Promise<void> {
    await Promise.all([...this.persistChains.values(), this.headerChain]);
  }

  private finish(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (const { socket } of this.connections.values()) {
      socket.end();
      setTimeout(() => socket.destroy(), 500).unref();
    }
    this.connections.clear();
    for (const resolve of this.pendingCommands.values()) resolve({ ok: false, code: 'shutting-down', reason: 'the node has stopped' });
    this.pendingCommands.clear();
    this.resolveStopped();
  }
}
