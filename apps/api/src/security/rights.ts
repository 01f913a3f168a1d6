import { Role } from '@app/application/principal';

/**
 * Which roles may call which kind of route: the one table, applied with `@Allow(...RIGHTS.x)`.
 * Within an allowed role, which records a caller may see or change (own, team, all) is the access
 * policy's question (access-policy.ts).
 */
export const RIGHTS = {
  /** Leads and customers: capture, qualify, advance, log activities, customer facts (reps: their own; managers: their team's). */
  sell: ['sales_rep', 'sales_manager', 'admin'],
  /** Reassign within the team, pay referral rewards. */
  manageTeam: ['sales_manager', 'admin'],
  /** The pipeline and customer lists and files (service agents: customers with complaints they handle). */
  readCustomers: ['sales_rep', 'sales_manager', 'service_agent', 'admin'],
  readLeads: ['sales_rep', 'sales_manager', 'admin'],
  /** Log and work complaints. */
  handleComplaints: ['service_agent', 'admin'],
  readComplaints: ['service_agent', 'admin'],
  /** Funnel, forecast, sources, activity, referrals (reps: their own figures; managers: their team's; analysts: all). */
  readReports: ['sales_rep', 'sales_manager', 'analyst', 'admin'],
  /** Referral rewards owed and paid, across the company. */
  readReferrals: ['sales_manager', 'analyst', 'admin'],
  readSatisfaction: ['sales_manager', 'service_agent', 'analyst', 'admin'],
  /** A record's history and state (analysts: personal fields masked). */
  readHistory: ['sales_rep', 'sales_manager', 'service_agent', 'analyst', 'auditor', 'admin'],
  /** The event feeds (pull, SSE): every event, so analysts get personal fields masked. */
  readFeeds: ['analyst', 'auditor', 'admin'],
  /** Who am I (GET /me: id, role, team, rights): any authenticated caller, about themselves only. */
  readSelf: ['sales_rep', 'sales_manager', 'service_agent', 'analyst', 'auditor', 'admin'],
  /** Event contracts: no data, any authenticated caller. */
  readContracts: ['sales_rep', 'sales_manager', 'service_agent', 'analyst', 'auditor', 'admin'],
  /** The access log. */
  audit: ['auditor', 'admin'],
  /** Projections, webhooks, API keys, erasure. */
  operate: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
