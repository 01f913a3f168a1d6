import { SetMetadata } from '@nestjs/common';

export const SHOWN_ONCE = 'idempotency:shown-once';

/**
 * Answer fields shown once (a webhook's signing secret): the idempotency record keeps them as null,
 * so no secret rests in the idempotency store and a retry with the same key does not reveal it again.
 */
export const ShownOnce = (...fields: string[]) => SetMetadata(SHOWN_ONCE, fields);
