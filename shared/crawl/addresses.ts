// The SSRF guard: the crawler fetches what agencies' pages link to, so a page (or a DNS record, or
// a redirect) could point it at the cloud metadata service or a private network. Only public
// unicast addresses are connected to, checked on the address DNS gave, at connection time, for
// every request and every redirect. Loopback may be allowed for tests and local runs only.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface AddressPolicy {
  /** Allow 127.0.0.0/8 and ::1 (tests and local runs against a site on this machine). */
  allowLoopback: boolean;
}

/** Why an address may not be connected to, or undefined when it is public. */
export function blockedReason(address: string, { allowLoopback }: AddressPolicy): string | undefined {
  if (!ipaddr.isValid(address)) return `"${address}" is not an IP address`;
  let parsed = ipaddr.parse(address);
  // ::ffff:10.0.0.1 reaches 10.0.0.1.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && allowLoopback) return undefined;
  return `${address} is a ${range} address, not a public one`;
}

export class BlockedAddressError extends Error {
  readonly code = 'LEAKSCAN_BLOCKED_ADDRESS';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls connections that resolves the name and refuses it when any of its
 * addresses is not public: the connection then goes to the very address that was checked, so a
 * name that resolves differently a second time (DNS rebinding) gains nothing.
 */
export function guardedLookup(policy: AddressPolicy, resolve = dnsLookup) {
  return (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void => {
    resolve(hostname, { all: true, family: options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : ((options.family as number | undefined) ?? 0) }, (err, addresses) => {
      if (err) return callback(err, []);
      const blocked = addresses.map(({ address }) => blockedReason(address, policy)).find(Boolean);
      if (blocked) return callback(new BlockedAddressError(`${hostname} resolves to ${blocked}`), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** An IP literal in a URL is connected to without a lookup: it is checked here instead. */
export function blockedLiteral(hostname: string, policy: AddressPolicy): string | undefined {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) ? blockedReason(bare, policy) : undefined;
}
