import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signWebhookBody } from './webhook-signature';

/** The verification function the README gives subscribers, taken from the README itself. */
const readmeVerifier = (): ((secret: string, header: string | undefined, body: string, toleranceSeconds?: number) => boolean) => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');
  const block = /```js\n([\s\S]*?)```/g;
  for (let match = block.exec(readme); match; match = block.exec(readme)) {
    const start = match[1].indexOf('function verifyWebhook');
    if (start < 0) continue;
    const end = match[1].indexOf('\n}\n', start) + 2;
    // From the top of the example (its require lines) to the end of the function.
    return new Function('require', `${match[1].slice(0, end)}\nreturn verifyWebhook;`)(require);
  }
  throw new Error('README.md has no verifyWebhook example');
};

describe('webhook signatures', () => {
  const body = '{"position":7,"type":"LeadCaptured"}';

  it('are t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    expect(signWebhookBody('whsec_test', body, 1_700_000_000)).toBe(`t=1700000000,v1=${createHmac('sha256', 'whsec_test').update(`1700000000.${body}`).digest('hex')}`);
  });

  it('pass the README’s verification, and a changed body, secret or old timestamp does not', () => {
    const verify = readmeVerifier();
    const now = Math.floor(Date.now() / 1000);
    const header = signWebhookBody('whsec_test', body, now);
    expect(verify('whsec_test', header, body)).toBe(true);
    expect(verify('whsec_test', header, `${body} `)).toBe(false);
    expect(verify('whsec_other', header, body)).toBe(false);
    expect(verify('whsec_test', signWebhookBody('whsec_test', body, now - 3600), body)).toBe(false);
    expect(verify('whsec_test', undefined, body)).toBe(false);
    expect(verify('whsec_test', 'v1=abc', body)).toBe(false);
  });
});
