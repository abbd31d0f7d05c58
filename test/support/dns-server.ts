// A real DNS server on loopback (dns2, UDP) answering seed names from a fixed table: A/AAAA records,
// NXDOMAIN, "no data" (NOERROR, empty), or silence (the client times out). Tests point Canopy's
// `--dns-server 127.0.0.1:<port>` at it; nothing leaves the machine.
import dns2 from 'dns2';

/** The parts of dns2's packets used here (its bundled types may be shadowed by an ambient `declare module`). */
interface Answer { name: string; type: number; class: number; ttl: number; address: string }
interface DnsPacket { header: { rcode: number }; questions: { name: string; type: number }[]; answers: Answer[] }

/** How the server answers one name. */
export type SeedAnswerSpec =
  | { readonly kind: 'records'; readonly a?: readonly string[]; readonly aaaa?: readonly string[] }
  | { readonly kind: 'nxdomain' }
  | { readonly kind: 'nodata' }
  | { readonly kind: 'silence' };

/** A running DNS server. */
export interface TestDnsServer {
  readonly port: number;
  /** "127.0.0.1:<port>" for --dns-server. */
  readonly address: string;
  /** Every name queried, lower-case, in order. */
  readonly queries: string[];
  close(): Promise<void>;
}

/**
 * Starts a DNS server answering `zone` (names lower-case, no trailing dot). Unknown names get
 * NXDOMAIN. Note: dns2 garbles mixed-notation AAAA: write '::ffff:7f01:1', not '::ffff:127.1.0.1'.
 */
export async function startDnsServer(zone: Readonly<Record<string, SeedAnswerSpec>>): Promise<TestDnsServer> {
  const { Packet } = dns2 as { Packet: { TYPE: { A: number; AAAA: number }; CLASS: { IN: number }; createResponseFromRequest(r: DnsPacket): unknown } };
  const queries: string[] = [];
  const server = dns2.createServer({
    udp: true,
    handle: (request: DnsPacket, send: (response: DnsPacket) => void) => {
      const response = Packet.createResponseFromRequest(request) as DnsPacket;
      const question = request.questions[0];
      if (!question) return;
      const name = question.name.toLowerCase().replace(/\.$/, '');
      queries.push(name);
      const spec = zone[name] ?? { kind: 'nxdomain' };
      if (spec.kind === 'silence') return;
      if (spec.kind === 'nxdomain') {
        response.header.rcode = 3; // RFC 1035 §4.1.1: RCODE 3 = name error
        send(response);
        return;
      }
      if (spec.kind === 'records') {
        if (question.type === Packet.TYPE.A) {
          for (const address of spec.a ?? []) response.answers.push({ name: question.name, type: Packet.TYPE.A, class: Packet.CLASS.IN, ttl: 60, address } as Answer);
        } else if (question.type === Packet.TYPE.AAAA) {
          for (const address of spec.aaaa ?? []) response.answers.push({ name: question.name, type: Packet.TYPE.AAAA, class: Packet.CLASS.IN, ttl: 60, address } as Answer);
        }
      }
      send(response);
    },
  });
  const listening = new Promise<void>((resolve) => server.once('listening', () => resolve()));
  await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  await listening;
  const port = (server.addresses().udp as { port: number }).port;
  return {
    port,
    address: `127.0.0.1:${port}`,
    queries,
    close: async () => { await server.close(); },
  };
}
