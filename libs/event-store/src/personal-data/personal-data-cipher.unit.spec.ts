import { randomBytes } from 'node:crypto';
import { ENCRYPTED_PREFIX, isEncrypted, newDataKey, openText, sealText } from './personal-data-cipher';

describe('personal data cipher (AES-256-GCM per subject)', () => {
  const key = newDataKey();

  it('round-trips any text, unicode included, as an enc:v1 string', () => {
    for (const text of ['Wang Fang', '王芳', '+86 138 0013 8000', '', 'x'.repeat(5000)]) {
      const sealed = sealText(key, 's-1', text);
      expect(sealed.startsWith(ENCRYPTED_PREFIX)).toBe(true);
      expect(isEncrypted(sealed)).toBe(true);
      expect(sealed).not.toContain(text || '\u0000');
      expect(openText(key, 's-1', sealed)).toBe(text);
    }
  });

  it('seals the same text differently every time (a fresh IV), so equal values cannot be spotted in the log', () => {
    expect(sealText(key, 's-1', 'Li Lei')).not.toBe(sealText(key, 's-1', 'Li Lei'));
  });

  it('does not open with another key, for another subject, or once altered', () => {
    const sealed = sealText(key, 's-1', 'Li Lei');
    expect(() => openText(randomBytes(32), 's-1', sealed)).toThrow(/does not open/);
    expect(() => openText(key, 's-2', sealed)).toThrow(/does not open/);
    const raw = Buffer.from(sealed.slice(ENCRYPTED_PREFIX.length), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => openText(key, 's-1', ENCRYPTED_PREFIX + raw.toString('base64'))).toThrow(/does not open/);
    expect(() => openText(key, 's-1', `${ENCRYPTED_PREFIX}AAAA`)).toThrow(/not a sealed personal value/);
  });
});
