import { activityProjection } from './activity.projection';
import { complaintsProjection } from './complaints.projection';
import { customersProjection } from './customers.projection';
import { pipelineProjection } from './pipeline.projection';
import { Projection } from './projection';
import { referralsProjection } from './referrals.projection';

export * from './projection';
export * from './document-mirror';
export * from './pipeline.projection';
export * from './customers.projection';
export * from './complaints.projection';
export * from './activity.projection';
export * from './referrals.projection';

export * from './reports/statistics';
export * from './reports/lead-history';
export * from './reports/funnel.report';
export * from './reports/forecast.report';
export * from './reports/sorted-list';
export * from './reports/lead-tallies';
export * from './reports/lead-reports';
export * from './reports/satisfaction.report';
export * from './reports/sources.report';
export * from './reports/activity.report';
export * from './reports/referrals.report';

/** Every read model the runner keeps; names are unique (they name the collection and the checkpoint). */
export const PROJECTIONS: readonly Projection[] = [
  pipelineProjection,
  customersProjection,
  complaintsProjection,
  activityProjection,
  referralsProjection,
];

/** Read models the API also keeps in memory: the funnel, forecast and sources reports read all of it per query. */
export const IN_MEMORY_PROJECTIONS: readonly string[] = [pipelineProjection.name];
