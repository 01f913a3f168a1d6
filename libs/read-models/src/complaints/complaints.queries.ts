import { ReadModelQueries } from '@app/projection-engine';
import { Filter } from '@app/read-store';
import { customersProjection } from '../customers/customers.projection';
import { complaintsProjection } from './complaints.projection';
import { SatisfactionOptions, SatisfactionReport, satisfactionReport } from './satisfaction.report';

export interface SatisfactionQuery extends Omit<SatisfactionOptions, 'ownerOf'> {
  /** Period on loggedAt: from inclusive, to exclusive (ISO instants or dates). */
  readonly from?: string;
  readonly to?: string;
}

/** Satisfaction and complaint handling over the complaints of a period; grouped by owner, each complaint counts for its customer's owner. */
export const satisfactionReportOf = async (reads: ReadModelQueries, query: SatisfactionQuery): Promise<SatisfactionReport> => {
  const { from, to, groupBy, now } = query;
  const loggedAt = { ...(from && { $gte: new Date(from).toISOString() }), ...(to && { $lt: new Date(to).toISOString() }) };
  const filter: Filter = Object.keys(loggedAt).length ? { loggedAt } : {};
  const complaints = await reads.all(complaintsProjection, filter);
  const owners = new Map<string, string>();
  if (groupBy === 'owner') {
    const customers = await reads.getMany(customersProjection, [...new Set(complaints.map((c) => c.customerId))]);
    for (const [id, customer] of customers) owners.set(id, customer.ownerId);
  }
  return satisfactionReport(complaints, { groupBy, ownerOf: (id) => owners.get(id), now });
};
