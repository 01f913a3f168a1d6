import type { HostResolver, ResolvedAddress } from '../../apps/api/src/webhooks/webhook-targets';
import { isIP } from 'node:net';

/**
 * A resolver whose answers the test sets, as a DNS zone it controls would give them: a name answers
 * the addresses last set for it (changing them is a DNS change between registration and delivery);
 * an unknown name is ENOTFOUND, as from a real resolver. The app under test uses it in place of the
 * system's resolver (startTestApp's `adapters`), and the sender's connections go where it answers.
 */
export class TestHostResolver implements HostResolver {
  private readonly zone = new Map<string, readonly ResolvedAddress[]>();
  readonly asked: string[] = [];

  answer(hostname: string, ...addresses: string[]): this {
    this.zone.set(hostname.toLowerCase(), addresses.map((address) => ({ address, family: isIP(address) === 6 ? 6 : 4 })));
    return this;
  }

  async lookup(hostname: string): Promise<readonly ResolvedAddress[]> {
    this.asked.push(hostname);
    const addresses = this.zone.get(hostname.toLowerCase());
    if (!addresses?.length) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
    return addresses;
  }
}

/** Internal webhook targets in every notation the target rules must see through, with the reason each is refused for. */
export const INTERNAL_URLS: readonly (readonly [string, RegExp])[] = [
  ['http://127.0.0.1:3000/hook', /127\.0\.0\.1 is a loopback address/],
  ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a cloud metadata address/],
  ['http://10.1.2.3/hook', /a private address/],
  ['http://172.20.0.1/hook', /a private address/],
  ['http://192.168.1.1/hook', /a private address/],
  ['http://[::1]/hook', /::1 is a loopback address/],
  ['http://0.0.0.0:3000/hook', /an unspecified address/],
  ['http://[::]/hook', /an unspecified address/],
  ['http://0x7f000001/hook', /127\.0\.0\.1 is a loopback address/],
  ['http://2130706433/hook', /127\.0\.0\.1 is a loopback address/],
  ['http://0177.0.0.1/hook', /127\.0\.0\.1 is a loopback address/],
  ['http://127.1/hook', /127\.0\.0\.1 is a loopback address/],
  ['http://[::ffff:127.0.0.1]/hook', /a loopback address/],
  ['http://[::ffff:169.254.169.254]/hook', /a cloud metadata address/],
  ['http://[::ffff:10.0.0.1]/hook', /a private address/],
  ['http://[::127.0.0.1]/hook', /IPv4-compatible/],
  ['http://localhost:22/', /localhost is a loopback name/],
  ['http://LOCALHOST./hook', /a loopback name/],
  ['http://api.localhost/hook', /a loopback name/],
  ['http://metadata.google.internal/computeMetadata/v1/', /a cloud metadata service/],
  ['http://[fd00:ec2::254]/latest/meta-data/', /a cloud metadata address/],
  ['http://[fd12:3456::1]/hook', /a private address/],
  ['http://[fe80::1]/hook', /a link-local address/],
  ['http://169.254.10.10/hook', /a link-local address/],
  ['http://100.64.0.1/hook', /a carrier-grade NAT address/],
  ['http://224.0.0.1/hook', /a multicast address/],
  ['http://[ff02::1]/hook', /a multicast address/],
  ['http://255.255.255.255/hook', /a reserved or broadcast address/],
];
