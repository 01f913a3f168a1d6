import { Inject, Injectable } from '@nestjs/common';
import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { WEBHOOK_SETTINGS, WebhookSettings } from './webhook.settings';
import { hostOf, webhookUrlProblem } from '@app/application/webhooks/webhook-url';
import { FORBIDDEN_NAMES, forbiddenAddressReason, WebhookTargetRefused } from './webhook-target-rules';

/*
 * Every address a webhook's host resolves to is checked against the target rules
 * (webhook-target-rules.ts), at registration and again at every attempt, and the attempt connects
 * to exactly the address that was checked.
 */

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Answers a host name with its addresses (the system's resolver in production; tests answer as they need). */
export interface HostResolver {
  lookup(hostname: string): Promise<readonly ResolvedAddress[]>;
}

export const HOST_RESOLVER = Symbol('HOST_RESOLVER');

/** The operating system's resolver (node:dns lookup: hosts file, then DNS), every address of the name. */
export const systemHostResolver: HostResolver = {
  lookup: (hostname) =>
    new Promise((resolve, reject) =>
      dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses: LookupAddress[]) =>
        error ? reject(error) : resolve(addresses.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }))),
      ),
    ),
};

/** A target that passed the rules: the addresses the attempt may connect to (in the resolver's order). */
export interface CheckedTarget {
  readonly url: URL;
  readonly hostname: string;
  readonly addresses: readonly ResolvedAddress[];
}

/** How long a registration waits for the resolver; a delivery attempt waits at most its own timeout. */
const LOOKUP_TIMEOUT_MS = 5_000;

@Injectable()
export class WebhookTargets {
  private readonly allowedHosts: ReadonlySet<string>;
  private readonly allowedAddresses = new BlockList();

  constructor(
    @Inject(WEBHOOK_SETTINGS.token) settings: WebhookSettings,
    @Inject(HOST_RESOLVER) private readonly resolver: HostResolver,
  ) {
    const hosts = new Set<string>();
    for (const target of settings.webhookAllowedTargets) {
      if ('host' in target) hosts.add(target.host);
      else this.allowedAddresses.addSubnet(target.network, target.prefix, target.type);
    }
    this.allowedHosts = hosts;
  }

  /**
   * Checks a URL and resolves its host: refuses (WebhookTargetRefused) a URL whose host is a forbidden
   * name or resolves to any forbidden address, unless the allow-list names the host or the address.
   * `unresolved`: what to do when the host does not resolve at all ('accept' at registration: it may
   * be set up later, and every attempt checks again).
   */
  async check(value: string, options: { readonly timeoutMs?: number; readonly unresolved?: 'accept' | 'throw' } = {}): Promise<CheckedTarget> {
    const problem = webhookUrlProblem(value);
    if (problem) throw new WebhookTargetRefused(problem);
    const url = new URL(value);
    const hostname = hostOf(url);
    const hostAllowed = this.allowedHosts.has(hostname);
    const family = isIP(hostname);
    if (family) {
      const address: ResolvedAddress = { address: hostname, family: family === 6 ? 6 : 4 };
      if (!hostAllowed) this.refuseForbidden(hostname, [address]);
      return { url, hostname, addresses: [address] };
    }
    const named = FORBIDDEN_NAMES.find(([pattern]) => pattern.test(hostname));
    if (named && !hostAllowed) throw new WebhookTargetRefused(`url ${hostname} is ${named[1]}; internal targets are refused unless WEBHOOK_ALLOWED_TARGETS names them`);
    let addresses: readonly ResolvedAddress[];
    try {
      addresses = await withTimeout(this.resolver.lookup(hostname), options.timeoutMs ?? LOOKUP_TIMEOUT_MS);
    } catch (error) {
      if (options.unresolved === 'accept') return { url, hostname, addresses: [] };
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(`cannot resolve ${hostname}${code ? `: ${code}` : ''}`);
    }
    if (!addresses.length) throw new Error(`cannot resolve ${hostname}: no address`);
    if (!hostAllowed) this.refuseForbidden(hostname, addresses);
    return { url, hostname, addresses };
  }

  private refuseForbidden(hostname: string, addresses: readonly ResolvedAddress[]): void {
    for (const { address, family } of addresses) {
      if (this.allowedAddresses.check(address, family === 6 ? 'ipv6' : 'ipv4')) continue;
      const reason = forbiddenAddressReason(address);
      if (reason === null) continue;
      const which = hostname === address ? `${address} is` : `${hostname} resolves to ${address},`;
      throw new WebhookTargetRefused(`url ${which} ${reason}; internal targets are refused unless WEBHOOK_ALLOWED_TARGETS names them`);
    }
  }
}

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEOUT' })), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });

/**
 * A `lookup` for node:http that answers the checked addresses only: the connection goes where the
 * check looked, never to a second resolution that could answer otherwise (DNS rebinding).
 */
export const pinnedLookup =
  (addresses: readonly ResolvedAddress[]) =>
  (_hostname: string, options: { all?: boolean } | number | undefined, callback: (...args: unknown[]) => void): void => {
    if (typeof options === 'object' && options?.all) callback(null, addresses.map(({ address, family }) => ({ address, family })));
    else callback(null, addresses[0].address, addresses[0].family);
  };
