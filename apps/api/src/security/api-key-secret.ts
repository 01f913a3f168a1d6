import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * An API key is `l2c_<keyId>_<secret>`: the id finds the key's record without scanning, the secret
 * (32 random bytes) proves possession. Only SHA-256 of the secret is recorded; with 256 bits of
 * entropy a fast hash is enough (no password stretching needed).
 */
const KEY_PATTERN = /^l2c_([a-z0-9-]{1,32})_([A-Za-z0-9_-]{43})$/;

export const newApiKey = (keyId = randomBytes(8).toString('hex')): { keyId: string; key: string; secretHash: string } => {
  const secret = randomBytes(32).toString('base64url');
  return { keyId, key: `l2c_${keyId}_${secret}`, secretHash: hashSecret(secret) };
};

export const parseApiKey = (key: string): { keyId: string; secret: string } | undefined => {
  const match = KEY_PATTERN.exec(key);
  return match ? { keyId: match[1], secret: match[2] } : undefined;
};

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Compares hashes in constant time, so timing does not tell how much of a guess was right. */
export const sameHash = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
