// The address manager's public surface: the AddressManager class, its loader and helpers.
export { AddressManager } from './address-manager.js';
export type { AddressManagerOptions } from './address-manager.js';
export { deserializeBook, serializeBook, ADDRESS_BOOK_MAGIC, ADDRESS_BOOK_VERSION } from './serialize.js';
export type { LoadOptions } from './serialize.js';
export { AddrRateLimiter, MAX_ADDR_RATE_PER_SECOND, MAX_ADDR_PROCESSING_TOKEN_BUCKET, INITIAL_ADDR_TOKENS } from './addr-rate-limiter.js';
export { parseSubnet, formatSubnet, subnetContains } from './subnet.js';
export type { Subnet } from './subnet.js';
export { networkGroup, unroutableReason } from './netgroup.js';
