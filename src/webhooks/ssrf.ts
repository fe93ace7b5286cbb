// SSRF guard for webhook and callback targets. Loopback, private, link-local (cloud metadata at
// 169.254.169.254 included), CGNAT, multicast and reserved addresses are refused unless
// ALLOW_PRIVATE_WEBHOOK_TARGETS=true. The check runs on every address DNS returns, and the socket
// connects to the address that was checked (the lookup is pinned), so DNS rebinding cannot
// swap in a private address between check and connect.
import dns from 'node:dns';
import net from 'node:net';

const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64 can reach any IPv4 address, private ones included
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local (AWS IMDS IPv6 fd00:ec2::254 lies here)
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(prefix, bits, 'ipv6');

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part included). */
function hextets(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((g) => Number.parseInt(g, 16));
}

const ipv4Of = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;

/** True when the address is one a webhook must not reach. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return true; // not an address at all: refuse rather than guess
  if (family === 4) return blocked.check(address, 'ipv4');
  // Forms that embed an IPv4 address, however they are spelled (`::ffff:7f00:1` is 127.0.0.1):
  const g = hextets(address);
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeros(5) && g[5] === 0xffff) return isPrivateAddress(ipv4Of(g[6]!, g[7]!)); // IPv4-mapped
  if (zeros(6)) return true; // IPv4-compatible (deprecated), :: and ::1
  if (g[0] === 0x2002) return isPrivateAddress(ipv4Of(g[1]!, g[2]!)); // 6to4
  if (g[0] === 0x2001 && g[1] === 0) return true; // Teredo tunnels to an embedded IPv4 server
  if (g[0] === 0x64 && g[1] === 0xff9b) return true; // NAT64, well-known and local-use (64:ff9b:1::/48)
  return blocked.check(address, 'ipv6');
}

export class UnsafeTargetError extends Error {}

/** Syntax and literal-address check, used when a URL is registered (DNS is checked on every send). */
export function checkTargetUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeTargetError('The URL is not valid.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UnsafeTargetError('The URL must use http or https.');
  if (url.username || url.password) throw new UnsafeTargetError('The URL must not contain credentials.');
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) !== 0 && isPrivateAddress(host)) throw new UnsafeTargetError('The URL points to a private or reserved address.');
  if (host === 'localhost' || host.endsWith('.localhost')) throw new UnsafeTargetError('The URL points to a private or reserved address.');
  return url;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request: resolves every address, refuses the connection if any of them is
 * private, and hands the socket exactly the addresses it checked.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const list = addresses as dns.LookupAddress[];
      if (!allowPrivate) {
        const bad = list.find((a) => isPrivateAddress(a.address));
        if (bad || list.length === 0) {
          return callback(
            Object.assign(new UnsafeTargetError(`${hostname} resolves to a private or reserved address.`), { code: 'EUNSAFETARGET' }),
            '',
          );
        }
      }
      if (options.all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}
