// Pure IPv4/IPv6 text validation with the same answers as node:net isIPv4/isIPv6 (which the lint
// rules keep out of pure folders): dotted-quad IPv4 without leading zeros; IPv6 with at most one
// "::", 1–4 hex digits per group, an optional trailing dotted IPv4 and an optional "%zone".

const ZONE_RE = /^[0-9a-zA-Z\-.:]+$/;
const HEX_GROUP_RE = /^[0-9a-fA-F]{1,4}$/;
const OCTET_RE = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)$/;

/** True for dotted-quad IPv4 text such as "127.0.0.1" (no leading zeros, no spaces). */
export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => OCTET_RE.test(p));
}

/** Number of 16-bit groups in a "::"-free run of IPv6 groups ("" = none), or -1 when malformed. */
function countGroups(run: string, allowV4Tail: boolean): number {
  if (run === '') return 0;
  const groups = run.split(':');
  let count = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] ?? '';
    if (allowV4Tail && i === groups.length - 1 && g.includes('.')) {
      if (!isIPv4(g)) return -1;
      count += 2;
    } else if (HEX_GROUP_RE.test(g)) {
      count += 1;
    } else {
      return -1;
    }
  }
  return count;
}

/** True for IPv6 text such as "::1", "2001:db8::8:800:200c:417a", "::ffff:1.2.3.4" or "fe80::1%eth0". */
export function isIPv6(text: string): boolean {
  let addr = text;
  const pct = text.indexOf('%');
  if (pct >= 0) {
    if (!ZONE_RE.test(text.slice(pct + 1))) return false;
    addr = text.slice(0, pct);
  }
  const halves = addr.split('::');
  if (halves.length > 2) return false;
  if (halves.length === 1) return countGroups(addr, true) === 8;
  const head = countGroups(halves[0] ?? '', false);
  const tail = countGroups(halves[1] ?? '', true);
  return head >= 0 && tail >= 0 && head + tail <= 7;
}
