// The API as the dashboard reads it: the caller's credentials on every request, problem+json errors
// as ApiError, and a 401 anywhere ends the session (the sign-in screen says why).

const STORAGE_KEY = 'l2c.dashboard.credentials';

/** Credentials live in sessionStorage: this tab only, gone when it closes or on sign-out. */
export const session = {
  get() {
    try {
      const value = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
      return value && (value.kind === 'api-key' || value.kind === 'jwt') && typeof value.token === 'string' ? value : null;
    } catch {
      return null;
    }
  },
  set(kind, token) {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ kind, token }));
  },
  clear() {
    sessionStorage.removeItem(STORAGE_KEY);
  },
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code ?? null;
    this.problem = problem;
  }
}

let unauthorized = () => {};
/** Called once per 401, with the API's explanation. */
export const onUnauthorized = (handler) => {
  unauthorized = handler;
};

const queryString = (query) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
};

const headersFor = (credentials, purpose) => {
  const headers = { Accept: 'application/json' };
  if (credentials?.kind === 'jwt') headers.Authorization = `Bearer ${credentials.token}`;
  else if (credentials) headers['X-API-Key'] = credentials.token;
  // Customer files are read for a stated purpose, which the access log records.
  if (purpose) headers['X-Purpose'] = purpose;
  return headers;
};

/**
 * GET a route of this API (same origin). `credentials` defaults to the session's; `purpose` sets
 * X-Purpose. Resolves with the parsed body; rejects with ApiError (status, code, problem).
 */
export const apiGet = async (path, query = {}, { signal, purpose, credentials = session.get() } = {}) => {
  const response = await fetch(`${path}${queryString(query)}`, { headers: headersFor(credentials, purpose), signal, cache: 'no-store' });
  const body = await response.json().catch(() => null);
  if (response.ok) return body;
  const error = new ApiError(response.status, body);
  // Only the session's own credentials end the session (a refused sign-in attempt just says so).
  if (response.status === 401 && credentials && credentials.token === session.get()?.token) unauthorized(error);
  throw error;
};
