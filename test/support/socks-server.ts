// A real SOCKS5 server on loopback (@pondwader/socks5-server) for proxy tests. Its ruleset refuses
// every destination that is not loopback (reply 0x02) and resolves host names ONLY through a fixed
// local map (never the system resolver); optional RFC 1929 username/password.
import net from 'node:net';
import { createServer } from '@pondwader/socks5-server';

/** Options for startSocksServer. */
export interface SocksServerOptions {
  /** Credentials the proxy requires (no auth when absent). */
  readonly auth?: { readonly username: string; readonly password: string };
  /** Host names the proxy resolves (lower-case name → loopback IP). */
  readonly names?: Readonly<Record<string, string>>;
}

/** A running SOCKS5 server. */
export interface TestSocksServer {
  readonly host: string;
  readonly port: number;
  /** "127.0.0.1:<port>" for --proxy. */
  readonly address: string;
  /** Destinations requested (as sent by the client: IP or name), in order. */
  readonly requests: string[];
  /** Usernames that authenticated successfully. */
  readonly users: string[];
  close(): Promise<void>;
}

function isLoopbackIp(ip: string): boolean {
  return (net.isIPv4(ip) && ip.startsWith('127.')) || ip === '::1';
}

/** Starts the proxy on 127.0.0.1:<free port>. */
export async function startSocksServer(options: SocksServerOptions = {}): Promise<TestSocksServer> {
  const requests: string[] = [];
  const users: string[] = [];
  const socks = createServer();
  if (options.auth) {
    const { username, password } = options.auth;
    socks.setAuthHandler((connection, accept, deny) => {
      if (connection.username === username && connection.password === password) {
        users.push(connection.username);
        accept();
      } else {
        deny();
      }
    });
  }
  socks.setRulesetValidator((connection, accept, deny) => {
    requests.push(`${connection.destAddress}:${connection.destPort}`);
    const dest = connection.destAddress;
    const ip = net.isIP(dest) !== 0 ? dest : options.names?.[dest.toLowerCase()];
    if (ip === undefined || !isLoopbackIp(ip)) {
      deny();
      return;
    }
    connection.destAddress = ip; // the default handler then dials the IP, never resolving a name
    accept();
  });
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socks._handleConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    address: `127.0.0.1:${port}`,
    requests,
    users,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
