import { ReadModelQueries } from '@app/projection-engine';
import { referralsProjection } from './referrals.projection';
import { ReferralsOptions, ReferralsReport, referralsReport } from './referrals.report';

/** Referrers, their chains and the rewards owed and paid, across the company. */
export const referralsReportOf = async (reads: ReadModelQueries, options: ReferralsOptions = {}): Promise<ReferralsReport> =>
  referralsReport(await reads.all(referralsProjection), options);
