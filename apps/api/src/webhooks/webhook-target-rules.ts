import { BlockList, isIP } from 'node:net';

/*
 * Where a webhook may send: never back into the API's own machine or network, nor to a cloud's
 * metadata service, unless WEBHOOK_ALLOWED_TARGETS names the receiver. The URL is parsed by the
 * WHATWG parser (which turns 0x7f000001, 2130706433, 0177.0.0.1 and 127.1 into 127.0.0.1) before
 * any rule looks at it. Pure: the resolving and the allow-list are applied by WebhookTargets.
 */

/** A target the rules refuse; the message is shown to the admin (400 at registration, the attempt's error at delivery). */
export class WebhookTargetRefused extends Error {
  override name = 'WebhookTargetRefused';
}

/** The host names no address check is needed for: they are internal by definition. */
export const FORBIDDEN_NAMES: readonly [RegExp, string][] = [
  [/^(.+\.)?localhost$/, 'a loopback name'],
  [/^metadata\.google\.internal$|^metadata\.goog$/, 'a cloud metadata service'],
];

/** Forbidden ranges, most specific first (the first that matches gives the reason). */
const FORBIDDEN_RANGES: readonly [string, number, 'ipv4' | 'ipv6', string][] = [
  ['169.254.169.254', 32, 'ipv4', 'a cloud metadata address'],
  ['fd00:ec2::254', 128, 'ipv6', 'a cloud metadata address'],
  ['0.0.0.0', 8, 'ipv4', 'an unspecified address'],
  ['::', 128, 'ipv6', 'an unspecified address'],
  ['127.0.0.0', 8, 'ipv4', 'a loopback address'],
  ['::1', 128, 'ipv6', 'a loopback address'],
  ['10.0.0.0', 8, 'ipv4', 'a private address'],
  ['172.16.0.0', 12, 'ipv4', 'a private address'],
  ['192.168.0.0', 16, 'ipv4', 'a private address'],
  ['fc00::', 7, 'ipv6', 'a private address'],
  ['fec0::', 10, 'ipv6', 'a private address'],
  ['169.254.0.0', 16, 'ipv4', 'a link-local address'],
  ['fe80::', 10, 'ipv6', 'a link-local address'],
  ['100.64.0.0', 10, 'ipv4', 'a carrier-grade NAT address'],
  ['224.0.0.0', 4, 'ipv4', 'a multicast address'],
  ['ff00::', 8, 'ipv6', 'a multicast address'],
  ['240.0.0.0', 4, 'ipv4', 'a reserved or broadcast address'],
  // IPv4-compatible IPv6 (deprecated): ::127.0.0.1 would reach 127.0.0.1 on some stacks.
  ['::', 96, 'ipv6', 'an IPv4-compatible IPv6 address'],
  // Translation prefixes carry an IPv4 address inside: on a NAT64 or 6to4 network they reach it.
  ['64:ff9b::', 96, 'ipv6', 'an IPv4-translating (NAT64) address'],
  ['64:ff9b:1::', 48, 'ipv6', 'an IPv4-translating (NAT64) address'],
  ['2002::', 16, 'ipv6', 'a 6to4 address'],
  // Special-purpose IPv4 ranges that are never a public receiver.
  ['192.0.0.0', 24, 'ipv4', 'a special-purpose address'],
  ['198.18.0.0', 15, 'ipv4', 'a benchmarking address'],
  ['192.0.2.0', 24, 'ipv4', 'a documentation address'],
  ['198.51.100.0', 24, 'ipv4', 'a documentation address'],
  ['203.0.113.0', 24, 'ipv4', 'a documentation address'],
];

const RULES: readonly { readonly list: BlockList; readonly reason: string }[] = FORBIDDEN_RANGES.map(([network, prefix, type, reason]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, type);
  return { list, reason };
});

/** Why an address may not receive webhooks, or null. IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as its IPv4 address. */
export const forbiddenAddressReason = (address: string): string | null => {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  // BlockList checks an IPv4-mapped IPv6 address against the IPv4 rules too.
  return RULES.find((rule) => rule.list.check(address, type))?.reason ?? null;
};

/** One entry of WEBHOOK_ALLOWED_TARGETS: a host name, an IP address, or a CIDR range. */
export type AllowedTarget = { readonly host: string } | { readonly network: string; readonly prefix: number; readonly type: 'ipv4' | 'ipv6' };

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Parses one allow-list entry; null when it is none of the three forms. */
export const parseAllowedTarget = (raw: string): AllowedTarget | null => {
  const entry = raw.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  const [address, prefixText, extra] = entry.split('/');
  if (extra !== undefined) return null;
  const family = isIP(address);
  if (family) {
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    return Number.isInteger(prefix) && prefix >= 0 && prefix <= max ? { network: address, prefix, type: family === 4 ? 'ipv4' : 'ipv6' } : null;
  }
  const host = entry.replace(/\.$/, '');
  return prefixText === undefined && HOST_NAME.test(host) && !/^[\d.]+$/.test(host) ? { host } : null;
};
