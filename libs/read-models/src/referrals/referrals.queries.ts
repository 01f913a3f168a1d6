import { ReadModelQueries } from '@app/projection-engine';
import { customersProjection } from '../customers/customers.projection';
import { inScope, LeadScope } from '../pipeline/lead-reports';
import { pipelineProjection } from '../pipeline/pipeline.projection';
import { referralsProjection } from './referrals.projection';
import { ReferralsOptions, ReferralsReport, referralsReport } from './referrals.report';

/**
 * Referrers, their chains and the rewards owed and paid. `scope` selects the referrals that count: both
 * the referred lead and its referrer (a lead or a customer) in it (a manager: their team's); undefined
 * counts every referral across the company.
 */
export const referralsReportOf = async (reads: ReadModelQueries, scope: LeadScope = undefined, options: ReferralsOptions = {}): Promise<ReferralsReport> => {
  if (scope && 'none' in scope) return referralsReport([], options);
  const referrals = await reads.all(referralsProjection);
  if (!scope) return referralsReport(referrals, options);
  const leadIds = [...new Set(referrals.flatMap((r) => (r.referrer.kind === 'lead' ? [r.referredLeadId, r.referrer.id] : [r.referredLeadId])))];
  const customerIds = [...new Set(referrals.filter((r) => r.referrer.kind === 'customer').map((r) => r.referrer.id))];
  const [leads, customers] = await Promise.all([reads.getMany(pipelineProjection, leadIds), reads.getMany(customersProjection, customerIds)]);
  const visible = (kind: 'lead' | 'customer', id: string) => {
    const record = kind === 'lead' ? leads.get(id) : customers.get(id);
    return record !== undefined && inScope(scope, record);
  };
  return referralsReport(
    referrals.filter((r) => visible('lead', r.referredLeadId) && visible(r.referrer.kind, r.referrer.id)),
    options,
  );
};
