import { applyDecorators, HttpCode, Post, Type } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiHeader, ApiNotFoundResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CommandResponseDto } from './command-response.dto';

const PROBLEM = { description: 'application/problem+json' };

/**
 * A command route: POST, its status (201 when it adds to a collection, 200 when it changes state),
 * and the documented answers every command shares. `response`: the answer's type when it says more
 * than `{ id, revision, position }`.
 */
export const CommandRoute = (path: string, status: 200 | 201, summary: string, description?: string, response: Type<unknown> = CommandResponseDto) =>
  applyDecorators(
    Post(path),
    HttpCode(status),
    ApiOperation({ summary, description }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body returns the first answer without appending again' }),
    ApiHeader({ name: 'If-Match', required: false, description: 'Expected revision; a stale one is 409 with the current revision' }),
    ApiResponse({ status, type: response }),
    ApiBadRequestResponse({ ...PROBLEM, description: 'Invalid body: `errors` lists the offending fields' }),
    ApiNotFoundResponse(PROBLEM),
    ApiConflictResponse({ ...PROBLEM, description: 'Stale revision (`currentRevision`), or the record already exists' }),
    ApiPayloadTooLargeResponse(PROBLEM),
    ApiUnprocessableEntityResponse({ ...PROBLEM, description: 'A business rule refused the command: `code` says which' }),
  );
