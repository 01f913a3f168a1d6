import { Projection } from '@app/projection-engine';
import { activityProjection } from './activity/activity.projection';
import { complaintsProjection } from './complaints/complaints.projection';
import { customersProjection } from './customers/customers.projection';
import { pipelineProjection } from './pipeline/pipeline.projection';
import { referralsProjection } from './referrals/referrals.projection';

/**
 * Every read model the runner keeps, one line each; a read model is its folder beside this file.
 * Names are unique (they name the collection and the checkpoint).
 */
export const PROJECTIONS: readonly Projection[] = [
  pipelineProjection,
  customersProjection,
  complaintsProjection,
  activityProjection,
  referralsProjection,
];

/** Read models the API also keeps in memory: the funnel, forecast and sources reports read all of it per query. */
export const IN_MEMORY_PROJECTIONS: readonly Projection[] = [pipelineProjection];
