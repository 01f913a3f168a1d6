import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { FEED_EVENT_TYPES } from '@app/domain/schemas';

/** `a,b` or `x=a&x=b` (or both) → ['a', 'b']. */
const commaList = ({ value }: { value: unknown }): unknown =>
  value === undefined ? undefined : (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v])).filter((v) => v !== '');

/** A stream-name prefix: `lead-`, `customer-42`; no wildcards. */
export const STREAM_PREFIX_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/** In a query string a comma-separated String; in a JSON body a list. */
type Shape = typeof String | [typeof String];

/** `types`: event types the feeds carry, as a list or comma-separated. */
export const EventTypesField = (description: string, type: Shape = String) =>
  applyDecorators(
    ApiPropertyOptional({ description, example: type === String ? 'LeadCaptured,LeadStageAdvanced' : ['LeadCaptured', 'LeadStageAdvanced'], type }),
    IsOptional(),
    Transform(commaList),
    IsArray(),
    ArrayMaxSize(FEED_EVENT_TYPES.length),
    IsIn(FEED_EVENT_TYPES, { each: true, message: `each type must be one of ${FEED_EVENT_TYPES.join(', ')}` }),
  );

/** `streams`: stream-name prefixes, as a list or comma-separated. */
export const StreamPrefixesField = (description: string, type: Shape = String) =>
  applyDecorators(
    ApiPropertyOptional({ description, example: type === String ? 'lead-' : ['lead-'], type }),
    IsOptional(),
    Transform(commaList),
    IsArray(),
    ArrayMaxSize(20),
    Matches(STREAM_PREFIX_PATTERN, { each: true, message: 'each stream prefix must be 1-100 letters, digits, _ or - (e.g. lead- or customer-42)' }),
  );

/** The filters of the pull feed and the SSE stream (webhook registrations take the same fields). */
/** `after`: a log position the feed starts after (both feeds take it, each with its own meaning of a default). */
export const AfterPositionField = (description: string) =>
  applyDecorators(ApiPropertyOptional({ description, minimum: 0 }), IsOptional(), Type(() => Number), IsInt(), Min(0), Max(Number.MAX_SAFE_INTEGER));

export class FeedFilterRequestDto {
  @EventTypesField('Comma-separated event types; default: every type the feeds carry')
  types?: string[];

  @StreamPrefixesField('Comma-separated stream-name prefixes, any of which may match (`lead-` every lead, `customer-42` one customer); default: every stream')
  streams?: string[];
}
