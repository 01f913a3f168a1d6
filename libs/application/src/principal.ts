/** The roles a caller can have; what each may do is decided in access-policy.ts. */
export const ROLES = ['sales_rep', 'sales_manager', 'service_agent', 'analyst', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as proven by a verified JWT or an API key. */
export interface Principal {
  /** User id (JWT subject claim) or, for an API key without an owner, `api-key:<keyId>`. */
  readonly id: string;
  readonly role: Role;
  readonly team?: string;
  readonly via: 'jwt' | 'api-key';
  /** The API key used, when via is 'api-key'. */
  readonly keyId?: string;
}
