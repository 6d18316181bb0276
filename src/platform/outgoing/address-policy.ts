import { BlockList, isIP } from 'node:net';

/**
 * Addresses an outgoing call made on a tenant's behalf never reaches: this machine, the private networks the
 * platform runs in, link-local (cloud metadata at 169.254.169.254 and fd00:ec2::254), shared and reserved ranges, and
 * the IPv6 forms that embed an IPv4 address (NAT64, 6to4, Teredo), which could smuggle one of the others (an
 * IPv4-mapped address is judged by node's BlockList as the IPv4 address it carries).
 */
const INTERNAL_RANGES: ReadonlyArray<readonly [string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'], // "this network"
  ['10.0.0.0', 8, 'ipv4'], // private
  ['100.64.0.0', 10, 'ipv4'], // shared address space (carrier NAT; some clouds' metadata)
  ['127.0.0.0', 8, 'ipv4'], // loopback
  ['169.254.0.0', 16, 'ipv4'], // link-local, cloud metadata
  ['172.16.0.0', 12, 'ipv4'], // private
  ['192.0.0.0', 24, 'ipv4'], // protocol assignments
  ['192.0.2.0', 24, 'ipv4'], // documentation
  ['192.88.99.0', 24, 'ipv4'], // 6to4 relays
  ['192.168.0.0', 16, 'ipv4'], // private
  ['198.18.0.0', 15, 'ipv4'], // benchmarking
  ['198.51.100.0', 24, 'ipv4'], // documentation
  ['203.0.113.0', 24, 'ipv4'], // documentation
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, broadcast
  ['::', 96, 'ipv6'], // unspecified, loopback, IPv4-compatible
  ['64:ff9b::', 96, 'ipv6'], // NAT64
  ['64:ff9b:1::', 48, 'ipv6'], // local NAT64
  ['100::', 64, 'ipv6'], // discard
  ['2001::', 23, 'ipv6'], // protocol assignments, Teredo
  ['2001:db8::', 32, 'ipv6'], // documentation
  ['2002::', 16, 'ipv6'], // 6to4
  ['fc00::', 7, 'ipv6'], // unique local (AWS metadata fd00:ec2::254)
  ['fe80::', 10, 'ipv6'], // link-local
  ['fec0::', 10, 'ipv6'], // site-local (deprecated)
  ['ff00::', 8, 'ipv6'], // multicast
];

const INTERNAL = new BlockList();
for (const [network, prefix, family] of INTERNAL_RANGES) INTERNAL.addSubnet(network, prefix, family);

/** Which addresses a tenant's outgoing calls may reach: public ones, plus those the deployment allows explicitly. */
export class AddressPolicy {
  private readonly allowed = new BlockList();

  /** `allowed`: addresses or CIDR ranges (`127.0.0.1`, `::1`, `10.1.0.0/16`), checked by `parseAllowedAddresses`. */
  constructor(allowed: readonly string[]) {
    for (const entry of allowed) {
      const [address, prefix] = splitEntry(entry);
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) this.allowed.addAddress(address, family);
      else this.allowed.addSubnet(address, prefix, family);
    }
  }

  /** True when a call to this IP address must not be made. */
  refuses(address: string): boolean {
    const family = isIP(address);
    if (family === 0) return true;
    const type = family === 6 ? 'ipv6' : 'ipv4';
    return INTERNAL.check(address, type) && !this.allowed.check(address, type);
  }
}

function splitEntry(entry: string): [string, number | undefined] {
  const [address = '', prefix] = entry.split('/');
  return [address, prefix === undefined ? undefined : Number(prefix)];
}

/**
 * The allow-list as the environment gives it (comma-separated); a French message naming the wrong entry, or the
 * entries. An empty value allows nothing.
 */
export function parseAllowedAddresses(value: string): { ok: true; entries: string[] } | { ok: false; error: string } {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, prefix] = splitEntry(entry);
    const family = isIP(address);
    const maxPrefix = family === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (Number.isInteger(prefix) && prefix >= 0 && prefix <= maxPrefix);
    if (family === 0 || !prefixOk || entry.split('/').length > 2)
      return { ok: false, error: `« ${entry} » n’est ni une adresse IP ni une plage (10.0.0.0/8)` };
  }
  return { ok: true, entries };
}
