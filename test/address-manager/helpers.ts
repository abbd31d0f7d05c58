// Shared helpers for the address-manager tests: the fast-check seed, address builders and a book.
import fc from 'fast-check';
import { AddressManager } from '../../source/address-manager/address-manager.js';
import type { NetAddr } from '../../source/protocol/netaddr.js';
import type { AddrEntry } from '../../source/protocol/types.js';
import { seededRandom } from '../../source/shared/random.js';

/** The seed of every property in these suites (FC_SEED overrides; printed on start). */
export const FC_SEED = Number(process.env.FC_SEED ?? 20261125);
console.log(`address-manager fast-check seed ${FC_SEED} (set FC_SEED to replay)`);

/** fc.assert parameters. */
export function fcParams(numRuns = 50): { seed: number; numRuns: number } {
  return { seed: FC_SEED, numRuns };
}

/** A fixed instant (2023-11-14) the tests start from. */
export const T0 = 1_700_000_000_000;

/** An IPv4 NetAddr. */
export function v4(a: number, b: number, c: number, d: number, port = 8333): NetAddr {
  return { network: 'ipv4', bytes: new Uint8Array([a, b, c, d]), port };
}

/** An address entry seen `ageS` seconds before `now`. */
export function entry(addr: NetAddr, now: number = T0, ageS = 3600, services = 9n): AddrEntry {
  return { time: Math.floor(now / 1000) - ageS, services, addr };
}

/** A fresh mainnet-style (or regtest when `regtest`) book from a seed. */
export function makeBook(seed = 1, regtest = false): AddressManager {
  return new AddressManager({ random: seededRandom(seed), allowPrivateAddresses: regtest });
}

/** A public (routable) IPv4 address arbitrary. */
export const publicV4 = fc.tuple(fc.integer({ min: 1, max: 99 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 }))
  .map(([a, b, c, d]) => v4(a === 10 ? 11 : a, b, c, d));

/** A peer source from a public address. */
export function peerSource(addr: NetAddr): { kind: 'peer'; addr: NetAddr } {
  return { kind: 'peer', addr };
}
