// SOCKS5 dialing (RFC 1928) through the `socks` package, with RFC 1929 username/password. Host names
// are sent to the proxy as DOMAINNAME destinations and never resolved locally. Failures are mapped
// to the engine's DialFailureReason with one clear line for the user.
import { SocksClient, type SocksClientOptions } from 'socks';
import type { DialFailureReason } from '../engine/types.js';
import { CONNECTION_TIMEOUT_MS, type DialOutcome } from './tcp-dialer.js';

/** A SOCKS5 proxy and its optional credentials. */
export interface ProxyConfig {
  readonly host: string;
  readonly port: number;
  readonly user?: string;
  readonly password?: string;
}

/** Options for dialSocks. */
export interface SocksDialOptions {
  readonly proxy: ProxyConfig;
  /** IPv4/IPv6 literal or a host name (resolved by the proxy). */
  readonly host: string;
  readonly port: number;
  readonly timeoutMs?: number;
}

/** RFC 1928 §6 reply codes, as the user should read them. */
const REPLY_TEXT: Readonly<Record<string, string>> = {
  Failure: 'general SOCKS server failure',
  NotAllowed: 'connection not allowed by ruleset',
  NetworkUnreachable: 'network unreachable',
  HostUnreachable: 'host unreachable',
  ConnectionRefused: 'connection refused',
  TTLExpired: 'TTL expired',
  CommandNotSupported: 'command not supported',
  AddressNotSupported: 'address type not supported',
};

/** Maps an error from the `socks` package to a reason and a one-line detail. */
export function classifySocksError(err: unknown, proxy: ProxyConfig, target: string): { reason: DialFailureReason; detail: string } {
  const message = err instanceof Error ? err.message : String(err);
  const proxyText = `${proxy.host}:${proxy.port}`;
  const rejected = /Socks5 proxy rejected connection - (\w+)/.exec(message);
  if (rejected) {
    const text = REPLY_TEXT[rejected[1] ?? ''] ?? rejected[1] ?? 'rejected';
    return { reason: 'proxy-refused', detail: `proxy refused: ${text} (${target} via ${proxyText})` };
  }
  if (message.includes('Authentication failed') || message.includes('no accepted authentication type')) {
    return { reason: 'proxy-auth-failed', detail: `proxy authentication failed (check --proxy-user/--proxy-pass) at ${proxyText}` };
  }
  if (/ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL/.test(message)) {
    return { reason: 'proxy-unavailable', detail: `proxy ${proxyText} is not reachable (${/E[A-Z]+/.exec(message)?.[0] ?? 'error'})` };
  }
  if (message.includes('timed out')) {
    return { reason: 'timeout', detail: `no connection to ${target} via proxy ${proxyText} within the timeout` };
  }
  if (message.includes('Socket closed')) {
    return { reason: 'proxy-unavailable', detail: `proxy ${proxyText} closed the connection during the SOCKS5 handshake` };
  }
  return { reason: 'error', detail: `proxy ${proxyText}: ${message}` };
}

/** Connects to host:port through the SOCKS5 proxy; resolves (never rejects). */
export async function dialSocks(options: SocksDialOptions): Promise<DialOutcome> {
  const { proxy } = options;
  const target = options.host.includes(':') ? `[${options.host}]:${options.port}` : `${options.host}:${options.port}`;
  const socksOptions: SocksClientOptions = {
    command: 'connect',
    proxy: {
      host: proxy.host,
      port: proxy.port,
      type: 5,
      ...(proxy.user !== undefined ? { userId: proxy.user } : {}),
      ...(proxy.password !== undefined ? { password: proxy.password } : {}),
    },
    destination: { host: options.host, port: options.port },
    timeout: options.timeoutMs ?? CONNECTION_TIMEOUT_MS,
  };
  try {
    const { socket } = await SocksClient.createConnection(socksOptions);
    return { ok: true, socket };
  } catch (err) {
    return { ok: false, ...classifySocksError(err, proxy, target) };
  }
}
