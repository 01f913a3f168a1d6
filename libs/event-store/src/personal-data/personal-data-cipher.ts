import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * How a personal text is kept in the log: `enc:v1:` + base64(iv ‖ tag ‖ ciphertext), AES-256-GCM
 * under the data subject's key, with the subject's id as associated data, so a value cannot be moved
 * to another subject's event and still open. A string stays a string: the event keeps its schema.
 */
export const ENCRYPTED_PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const DATA_KEY_BYTES = 32;

export const isEncrypted = (text: string): boolean => text.startsWith(ENCRYPTED_PREFIX);

export const newDataKey = (): Buffer => randomBytes(DATA_KEY_BYTES);

const aad = (subjectId: string) => Buffer.from(`subject:${subjectId}`, 'utf8');

export const sealText = (key: Buffer, subjectId: string, text: string): string => {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad(subjectId));
  const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return ENCRYPTED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
};

/** Throws when the key or the subject is not the one it was sealed with, or the value was altered. */
export const openText = (key: Buffer, subjectId: string, sealed: string): string => {
  const raw = Buffer.from(sealed.slice(ENCRYPTED_PREFIX.length), 'base64');
  if (!isEncrypted(sealed) || raw.length < IV_BYTES + TAG_BYTES) throw new Error(`not a sealed personal value of subject ${subjectId}`);
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES)).setAAD(aad(subjectId));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new Error(`a personal value of subject ${subjectId} does not open with the subject's key (altered, or sealed for another subject)`, { cause: error });
  }
};
