import { ReadModelQueries } from '@app/projection-engine';
import { Filter } from '@app/read-store';
import { customersProjection } from '../customers/customers.projection';
import { inScope, LeadScope } from '../pipeline/lead-reports';
import { complaintsProjection } from './complaints.projection';
import { SatisfactionOptions, SatisfactionReport, satisfactionReport } from './satisfaction.report';

export interface SatisfactionQuery extends Omit<SatisfactionOptions, 'ownerOf'> {
  /** Period on loggedAt: from inclusive, to exclusive (ISO instants or dates). */
  readonly from?: string;
  readonly to?: string;
}

/**
 * Satisfaction and complaint handling over the complaints of a period; grouped by owner, each complaint
 * counts for its customer's owner. `scope` selects whose customers' complaints count (a manager: their
 * team's); undefined counts every complaint.
 */
export const satisfactionReportOf = async (reads: ReadModelQueries, scope: LeadScope, query: SatisfactionQuery): Promise<SatisfactionReport> => {
  const { from, to, groupBy, now } = query;
  if (scope && 'none' in scope) return satisfactionReport([], { groupBy, ownerOf: () => undefined, now });
  const loggedAt = { ...(from && { $gte: new Date(from).toISOString() }), ...(to && { $lt: new Date(to).toISOString() }) };
  const filter: Filter = Object.keys(loggedAt).length ? { loggedAt } : {};
  let complaints = await reads.all(complaintsProjection, filter);
  const owners = new Map<string, string>();
  if (groupBy === 'owner' || scope) {
    const customers = await reads.getMany(customersProjection, [...new Set(complaints.map((c) => c.customerId))]);
    for (const [id, customer] of customers) owners.set(id, customer.ownerId);
    if (scope) complaints = complaints.filter((c) => customers.has(c.customerId) && inScope(scope, customers.get(c.customerId)!));
  }
  return satisfactionReport(complaints, { groupBy, ownerOf: (id) => owners.get(id), now });
};
