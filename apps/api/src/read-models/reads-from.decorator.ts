import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader, ApiQuery, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import type { Projection } from '@app/projection-engine';

export const READS_FROM = 'reads-from';

/**
 * Marks a query route with the read models it answers from. With `minPosition` (query parameter
 * or `X-Min-Position` header) the answer waits until those read models have applied the log up to
 * that position: read your own writes, on demand.
 */
export const ReadsFrom = (...projections: Projection[]) =>
  applyDecorators(
    SetMetadata(READS_FROM, projections),
    ApiQuery({ name: 'minPosition', required: false, type: Number, description: 'Answer only once the read model has applied the log up to this position (from a command answer)' }),
    ApiHeader({ name: 'X-Min-Position', required: false, description: 'Same as the minPosition query parameter' }),
    ApiServiceUnavailableResponse({ description: 'The read model did not reach minPosition in time (Retry-After)' }),
  );
