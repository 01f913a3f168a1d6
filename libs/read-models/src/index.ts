export * from './registry';

export * from './shared/statistics';
export * from './shared/sorted-list';
export * from './shared/read-model.helpers';
export * from './shared/personal-data-erasure';

export * from './pipeline/pipeline.projection';
export * from './pipeline/lead-history';
export * from './pipeline/lead-tallies';
export * from './pipeline/funnel.report';
export * from './pipeline/forecast.report';
export * from './pipeline/sources.report';
export * from './pipeline/lead-reports';
export * from './pipeline/pipeline.queries';

export * from './customers/customers.projection';

export * from './complaints/complaints.projection';
export * from './complaints/satisfaction.report';
export * from './complaints/complaints.queries';

export * from './activity/activity.projection';
export * from './activity/activity.report';
export * from './activity/activity.queries';

export * from './referrals/referrals.projection';
export * from './referrals/referrals.report';
export * from './referrals/referrals.queries';
