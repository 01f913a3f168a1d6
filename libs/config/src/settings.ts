import { resolve } from 'node:path';

/** A bad setting: one line that names the variable; the process prints it and exits. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type Env = Readonly<Record<string, string | undefined>>;

/** The URL parser's one refusal: a string that is not a URL. */
const isInvalidUrl = (error: unknown): boolean => (error as NodeJS.ErrnoException)?.code === 'ERR_INVALID_URL';

/** Reads and checks environment variables; every refusal is a one-line ConfigError naming the variable. */
export class EnvReader {
  constructor(readonly env: Env) {}

  optional(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
    }
    return value;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const value = this.optional(name) ?? fallback;
    if (!values.includes(value as T)) throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${value}"`);
    return value as T;
  }

  /** A directory, resolved against the working directory. */
  path(name: string, fallback: string): string {
    return resolve(this.optional(name) ?? fallback);
  }

  url(name: string, schemes: readonly string[]): string | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    let scheme: string;
    try {
      scheme = new URL(value).protocol.replace(/:$/, '');
    } catch (error) {
      if (!isInvalidUrl(error)) throw error;
      throw new ConfigError(`${name} is not a valid URL: "${value}" (expected ${schemes.map((s) => `${s}://…`).join(' or ')})`);
    }
    if (!schemes.includes(scheme)) {
      throw new ConfigError(`${name} must start with ${schemes.map((s) => `${s}://`).join(' or ')}, got "${value}"`);
    }
    return value;
  }

  /** A key of exactly `bytes` bytes, base64-encoded (e.g. `openssl rand -base64 32`). */
  base64Key(name: string, bytes: number): string | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || Buffer.from(value, 'base64').length !== bytes) {
      throw new ConfigError(`${name} must be ${bytes} bytes in base64 (e.g. from \`openssl rand -base64 ${bytes}\`)`);
    }
    return value;
  }

  /** Comma-separated exact origins; a path, a wildcard or a trailing slash would never match a browser's Origin header. */
  origins(name: string): string[] {
    const list = (this.optional(name) ?? '').split(',').map((o) => o.trim()).filter(Boolean);
    for (const origin of list) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(origin);
      } catch (error) {
        // Not a URL at all: refused below with the other malformed origins.
        if (!isInvalidUrl(error)) throw error;
        parsed = undefined;
      }
      if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin || origin.includes('*')) {
        throw new ConfigError(`${name} must list exact origins such as https://app.example.com (scheme, host, optional port; no path, no wildcard), got "${origin}"`);
      }
    }
    return [...new Set(list)];
  }
}

/**
 * The settings one module reads: declared and validated next to the code that uses them, provided
 * under their own token, so a module sees its own settings and nothing else.
 */
export interface Settings<T extends object> {
  readonly name: string;
  /** The injection token of these settings. */
  readonly token: symbol;
  read(env: EnvReader): T;
}

export const defineSettings = <T extends object>(name: string, read: (env: EnvReader) => T): Settings<T> => ({ name, token: Symbol(`${name} settings`), read });

/** The values of settings `S`, all of them in one object (what a process reads at start). */
export type SettingsOf<S extends readonly Settings<object>[]> = UnionToIntersection<S[number] extends Settings<infer T> ? T : never>;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Reads every one of `settings` from `env` at once, so a bad value stops the start before anything opens. */
export const readSettings = <S extends readonly Settings<object>[]>(settings: S, env: Env): SettingsOf<S> => {
  const reader = new EnvReader(env);
  return Object.assign({}, ...settings.map((s) => s.read(reader))) as SettingsOf<S>;
};

/** Where the stores are, which every process that opens them reads: the API, the command line, the benchmarks. */
export interface StoreSettings {
  readonly dataDir: string;
  readonly eventStoreUrl?: string;
  readonly mongodbUrl?: string;
  /** 32 bytes, base64: keys the hashes (HMAC-SHA256) phones and e-mails are looked up by. Unset: a key file generated once in DATA_DIR. */
  readonly personalDataHashKey?: string;
  /** Test only: the embedded log hands out positions with large irregular gaps (EVENT_LOG_SPARSE_POSITIONS=1), as EventStoreDB's byte offsets are. */
  readonly sparsePositions?: boolean;
}

export const STORE_SETTINGS = defineSettings<StoreSettings>('stores', (env) => ({
  dataDir: env.path('DATA_DIR', './data'),
  eventStoreUrl: env.url('EVENTSTORE_URL', ['esdb', 'esdb+discover']),
  mongodbUrl: env.url('MONGODB_URL', ['mongodb', 'mongodb+srv']),
  personalDataHashKey: env.base64Key('PERSONAL_DATA_HASH_KEY', 32),
  sparsePositions: env.oneOf('EVENT_LOG_SPARSE_POSITIONS', ['0', '1'], '0') === '1',
}));
