import { LookupKind, PERSONAL_DATA_CATALOG, PersonalDataSpec } from './personal-data.catalog';

/** What a personal field reads once its subject's personal data is erased (each item of an array too). */
export const ERASED = '[erased]';

/** The personal data of a stored event type and version; undefined when it holds none. */
export const personalDataOf = (type: string, version: number): PersonalDataSpec | undefined => PERSONAL_DATA_CATALOG[`${type}@${version}`] ?? undefined;

/** Paths come from the catalogue (a few dozen): split once, not for every event read. */
const segmentCache = new Map<string, readonly string[]>();
const segmentsOf = (path: string): readonly string[] => {
  let segments = segmentCache.get(path);
  if (!segments) segmentCache.set(path, (segments = path.split('/')));
  return segments;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const valueAt = (data: unknown, path: string): unknown =>
  segmentsOf(path).reduce<unknown>((node, segment) => (isRecord(node) && Object.prototype.hasOwnProperty.call(node, segment) ? node[segment] : undefined), data);

/** The data subject an event's personal data is about; undefined when the event does not name one. */
export const subjectOf = (spec: PersonalDataSpec, data: unknown): string | undefined => {
  const id = valueAt(data, spec.subject);
  return typeof id === 'string' && id !== '' ? id : undefined;
};

const mapLeaf = (value: unknown, fn: (text: string) => string): unknown => {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? fn(item) : item));
  return value;
};

const holdsLeafText = (node: unknown): boolean => typeof node === 'string' || (Array.isArray(node) && node.some((item) => typeof item === 'string'));

/** Sets the personal field `key` of `container` (a copy made by `placeFields`); `stored` is its value in `data`. */
type Placer = (container: Record<string, unknown> | unknown[], key: string, stored: unknown, path: string) => void;

/**
 * Walks one path of `node` and places its field, copying each object or array on the way once per
 * call (`copies`: the copies this call made), so an event's paths share one copy of what they cross.
 */
const placeAt = (node: unknown, segments: readonly string[], from: number, path: string, place: Placer, copies: Set<object>): unknown => {
  const head = segments[from];
  const last = from + 1 === segments.length;
  if (head === '*') {
    if (!Array.isArray(node)) return node;
    const items = copies.has(node) ? node : [...node];
    copies.add(items);
    for (let i = 0; i < items.length; i++) {
      if (last) place(items, String(i), items[i], path);
      else items[i] = placeAt(items[i], segments, from + 1, path, place, copies);
    }
    return items;
  }
  if (!isRecord(node) || !Object.prototype.hasOwnProperty.call(node, head)) return node;
  const copy = copies.has(node) ? node : { ...node };
  copies.add(copy);
  if (last) place(copy, head, copy[head], path);
  else copy[head] = placeAt(copy[head], segments, from + 1, path, place, copies);
  return copy;
};

const placeFields = <T>(spec: PersonalDataSpec, data: T, place: Placer): T => {
  const copies = new Set<object>();
  let current: unknown = data;
  for (const path of spec.fields) current = placeAt(current, segmentsOf(path), 0, path, place, copies);
  return current as T;
};

/**
 * A copy of `data` with `fn` applied to every personal text (an array's string items one by one);
 * everything else, absent fields and nulls included, stays as it is. `data` is not changed.
 */
export const mapPersonalData = <T>(spec: PersonalDataSpec, data: T, fn: (text: string, path: string) => string): T =>
  placeFields(spec, data, (container, key, stored, path) => {
    (container as Record<string, unknown>)[key] = mapLeaf(stored, (text) => fn(text, path));
  });

/**
 * What `mapPersonalData` gives, except that each field is mapped when it is first read, and once: a
 * field nobody reads costs nothing (opening a sealed text is the dear part of reading an event). Read,
 * spread, serialized or assigned, the fields behave as plain properties. `data` is not changed.
 */
export const mapPersonalDataOnRead = <T>(spec: PersonalDataSpec, data: T, fn: (text: string, path: string) => string): T =>
  placeFields(spec, data, (container, key, stored, path) => {
    if (!holdsLeafText(stored)) return;
    let mapped: unknown;
    let done = false;
    Object.defineProperty(container, key, {
      enumerable: true,
      configurable: true,
      get: () => {
        if (!done) {
          mapped = mapLeaf(stored, (text) => fn(text, path));
          done = true;
        }
        return mapped;
      },
      set: (value: unknown) => Object.defineProperty(container, key, { value, writable: true, enumerable: true, configurable: true }),
    });
  });

const holdsText = (node: unknown, segments: readonly string[], from: number): boolean => {
  if (from === segments.length) return holdsLeafText(node);
  const head = segments[from];
  if (head === '*') return Array.isArray(node) && node.some((item) => holdsText(item, segments, from + 1));
  return isRecord(node) && Object.prototype.hasOwnProperty.call(node, head) && holdsText(node[head], segments, from + 1);
};

/** Whether `data` holds any personal text: what `personalTexts(spec, data).length > 0` says, without copying anything (asked of every event read). */
export const hasPersonalText = (spec: PersonalDataSpec, data: unknown): boolean => spec.fields.some((path) => holdsText(data, segmentsOf(path), 0));

/** Every personal text of `data` with its path, in catalogue order. */
export const personalTexts = (spec: PersonalDataSpec, data: unknown): { readonly path: string; readonly text: string }[] => {
  const found: { path: string; text: string }[] = [];
  mapPersonalData(spec, data, (text, path) => {
    found.push({ path, text });
    return text;
  });
  return found;
};

/** `data` with every personal text replaced by the erased marker. */
export const erasePersonalData = <T>(spec: PersonalDataSpec, data: T): T => mapPersonalData(spec, data, () => ERASED);

/**
 * The form a phone or e-mail is looked up by: an e-mail trimmed and in lower case, a phone as its
 * digits only (`+86 138-0013 8000` → `8613800138000`). Empty when nothing is left.
 */
export const normalizeLookup = (kind: LookupKind, value: string): string => (kind === 'email' ? value.trim().toLowerCase() : value.replace(/\D/g, ''));

/** The phones and e-mails of `data` that lookups find it by, normalized, without repeats. */
export const lookupsOf = (spec: PersonalDataSpec, data: unknown): { readonly kind: LookupKind; readonly value: string }[] => {
  const kinds = spec.lookups ?? {};
  const seen = new Set<string>();
  return personalTexts(spec, data).flatMap(({ path, text }) => {
    const kind = kinds[path];
    const value = kind && text !== ERASED ? normalizeLookup(kind, text) : '';
    if (!kind || value === '' || seen.has(`${kind}:${value}`)) return [];
    seen.add(`${kind}:${value}`);
    return [{ kind, value }];
  });
};

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const PHONE = /^\+?[\d\s().\/-]+$/;
const MIN_PHONE_DIGITS = 5;

/**
 * Whether a free-text search is a phone number or an e-mail address (looked up exactly, by keyed
 * hash) rather than part of a name.
 */
export const contactQuery = (q: string): { readonly kind: LookupKind; readonly value: string } | undefined => {
  const text = q.trim();
  if (EMAIL.test(text)) return { kind: 'email', value: normalizeLookup('email', text) };
  const digits = normalizeLookup('phone', text);
  return PHONE.test(text) && digits.length >= MIN_PHONE_DIGITS ? { kind: 'phone', value: digits } : undefined;
};
