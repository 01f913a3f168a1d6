import { defineSettings } from '@app/config';

export interface ProjectionSettings {
  /** Events per read-model batch while catching up (one read-model transaction each). */
  readonly projectionBatchSize: number;
}

export const PROJECTION_SETTINGS = defineSettings<ProjectionSettings>('projections', (env) => ({
  projectionBatchSize: env.integer('PROJECTION_BATCH_SIZE', 2_000, 1, 10_000),
}));
