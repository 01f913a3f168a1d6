import { readSettings } from '@app/config';
import { webhookUrlProblem } from '@app/application/webhooks/webhook-url';
import { INTERNAL_URLS, TestHostResolver } from '../../../../test/support/host-resolver';
import { WEBHOOK_SETTINGS } from './webhook.settings';
import { forbiddenAddressReason, parseAllowedTarget, WebhookTargetRefused } from './webhook-target-rules';
import { WebhookTargets } from './webhook-targets';

const targets = (resolver: TestHostResolver, allowed?: string) => new WebhookTargets(readSettings([WEBHOOK_SETTINGS], allowed === undefined ? {} : { WEBHOOK_ALLOWED_TARGETS: allowed }), resolver);

describe('webhook target rules', () => {
  it.each(INTERNAL_URLS)('refuses %s', async (url, reason) => {
    const resolver = new TestHostResolver();
    await expect(targets(resolver).check(url, { unresolved: 'accept' })).rejects.toThrow(WebhookTargetRefused);
    await expect(targets(resolver).check(url, { unresolved: 'accept' })).rejects.toThrow(reason);
    expect(resolver.asked).toEqual([]); // literal addresses and internal names are judged without asking DNS
  });

  it('judges every address a name resolves to, and refuses it when any is internal', async () => {
    const resolver = new TestHostResolver().answer('hooks.example.com', '93.184.216.34').answer('mixed.example.com', '93.184.216.34', '10.0.0.7').answer('v6.example.com', '::ffff:127.0.0.1');
    await expect(targets(resolver).check('https://hooks.example.com/in')).resolves.toMatchObject({ hostname: 'hooks.example.com', addresses: [{ address: '93.184.216.34', family: 4 }] });
    await expect(targets(resolver).check('https://mixed.example.com/in')).rejects.toThrow('url mixed.example.com resolves to 10.0.0.7, a private address');
    await expect(targets(resolver).check('https://v6.example.com/in')).rejects.toThrow('resolves to ::ffff:127.0.0.1, a loopback address');
  });

  it('a name that does not resolve: accepted at registration, an ordinary failure (not a refusal) at delivery', async () => {
    const resolver = new TestHostResolver();
    await expect(targets(resolver).check('https://later.example.com/in', { unresolved: 'accept' })).resolves.toMatchObject({ addresses: [] });
    const failure = await targets(resolver).check('https://later.example.com/in').catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(WebhookTargetRefused);
    expect((failure as Error).message).toBe('cannot resolve later.example.com: ENOTFOUND');
  });

  it('refuses addresses that carry an internal IPv4 address inside (NAT64, 6to4) and special-purpose ranges', () => {
    const cases = {
      '64:ff9b::7f00:1': 'NAT64',
      '64:ff9b:1::a00:1': 'NAT64',
      '2002:7f00:1::1': '6to4',
      '192.0.0.8': 'special-purpose',
      '198.18.0.1': 'benchmarking',
      '192.0.2.10': 'documentation',
      '203.0.113.5': 'documentation',
    };
    for (const [address, kind] of Object.entries(cases)) expect({ address, reason: forbiddenAddressReason(address) }).toEqual({ address, reason: expect.stringContaining(kind) });
  });

  it('public addresses pass', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:8.8.8.8']) expect({ address, reason: forbiddenAddressReason(address) }).toEqual({ address, reason: null });
  });

  it('WEBHOOK_ALLOWED_TARGETS lets named hosts, addresses and ranges through, and nothing else', async () => {
    const resolver = new TestHostResolver().answer('crm.corp.example', '10.20.0.5').answer('other.corp.example', '10.30.0.5').answer('onprem.example', '192.168.7.7');
    const allowed = targets(resolver, 'crm.corp.example, 127.0.0.1, 192.168.0.0/16, fd12::/16');
    await expect(allowed.check('http://crm.corp.example/hook')).resolves.toMatchObject({ addresses: [{ address: '10.20.0.5' }] });
    await expect(allowed.check('http://127.0.0.1:8080/hook')).resolves.toMatchObject({ addresses: [{ address: '127.0.0.1' }] });
    await expect(allowed.check('http://onprem.example/hook')).resolves.toMatchObject({ addresses: [{ address: '192.168.7.7' }] });
    await expect(allowed.check('http://[fd12::9]/hook')).resolves.toBeDefined();
    await expect(allowed.check('http://other.corp.example/hook')).rejects.toThrow('a private address');
    await expect(allowed.check('http://127.0.0.2/hook')).rejects.toThrow('a loopback address');
    await expect(allowed.check('http://169.254.169.254/')).rejects.toThrow('a cloud metadata address');
  });

  it('WEBHOOK_ALLOWED_TARGETS: a malformed entry stops the start with one line naming the variable', () => {
    for (const bad of ['10.0.0.0/33', 'http://crm.example', 'crm.example/24', '*.example.com', '1.2.3', 'a b']) {
      expect(() => readSettings([WEBHOOK_SETTINGS], { WEBHOOK_ALLOWED_TARGETS: `crm.example, ${bad}` })).toThrow(/^WEBHOOK_ALLOWED_TARGETS must list host names, IP addresses or CIDR ranges .*, got "/);
    }
    expect(parseAllowedTarget('[::1]')).toEqual({ network: '::1', prefix: 128, type: 'ipv6' });
    expect(parseAllowedTarget('Hooks.Corp.Example.')).toEqual({ host: 'hooks.corp.example' });
  });

  it('a URL: http or https, with a host, without credentials', () => {
    expect(webhookUrlProblem('https://crm.example.com/hooks')).toBeNull();
    expect(webhookUrlProblem('https://user:pass@crm.example.com/hooks')).toMatch(/must not hold credentials/);
    expect(webhookUrlProblem('https://token@crm.example.com/hooks')).toMatch(/must not hold credentials/);
    expect(webhookUrlProblem('ftp://crm.example.com/')).toMatch(/http or https/);
    expect(webhookUrlProblem('gopher://127.0.0.1:6379/')).toMatch(/http or https/);
  });
});
