// Plain TCP dialing with a connect timeout and an optional local source address; socket errors are
// mapped to the engine's DialFailureReason with a one-line detail for the user.
import net from 'node:net';
import type { DialFailureReason } from '../engine/types.js';

/** Floresta: CONNECTION_TIMEOUT = 10 s to establish a TCP connection. */
export const CONNECTION_TIMEOUT_MS = 10_000;

/** The outcome of a dial: an open socket, or a classified failure. */
export type DialOutcome =
  | { readonly ok: true; readonly socket: net.Socket }
  | { readonly ok: false; readonly reason: DialFailureReason; readonly detail: string };

/** Options for dialTcp. */
export interface TcpDialOptions {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs?: number;
  /** Local source address to bind (tests bind distinct 127.x.y.z per case). */
  readonly localAddress?: string;
}

/** Maps a Node socket error to a DialFailureReason and a clear detail line. */
export function classifySocketError(err: unknown, target: string): { reason: DialFailureReason; detail: string } {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  const message = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'ECONNREFUSED':
      return { reason: 'refused', detail: `connection refused by ${target}` };
    case 'ETIMEDOUT':
      return { reason: 'timeout', detail: `connection to ${target} timed out` };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return { reason: 'unreachable', detail: `${target} is unreachable (${code})` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { reason: 'resolve-failed', detail: `cannot resolve ${target} (${code})` };
    case 'ECONNRESET':
      return { reason: 'error', detail: `connection to ${target} reset` };
    default:
      return { reason: 'error', detail: `${target}: ${message}` };
  }
}

/** Opens a TCP connection; resolves (never rejects) with the socket or a classified failure. */
export function dialTcp(options: TcpDialOptions): Promise<DialOutcome> {
  const timeoutMs = options.timeoutMs ?? CONNECTION_TIMEOUT_MS;
  const target = net.isIPv6(options.host) ? `[${options.host}]:${options.port}` : `${options.host}:${options.port}`;
  return new Promise((resolve) => {
    let settled = false;
    const connectOpts: net.NetConnectOpts = { host: options.host, port: options.port };
    if (options.localAddress !== undefined) connectOpts.localAddress = options.localAddress;
    const socket = net.connect(connectOpts);
    const timer = setTimeout(() => {
      finish({ ok: false, reason: 'timeout', detail: `no TCP connection to ${target} within ${timeoutMs / 1000} s` });
      socket.destroy();
    }, timeoutMs);
    const finish = (outcome: DialOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off('error', onError);
      socket.off('connect', onConnect);
      resolve(outcome);
    };
    const onError = (err: Error): void => {
      finish({ ok: false, ...classifySocketError(err, target) });
      socket.destroy();
    };
    const onConnect = (): void => finish({ ok: true, socket });
    socket.once('error', onError);
    socket.once('connect', onConnect);
  });
}
