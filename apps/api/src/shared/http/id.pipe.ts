import { Injectable, PipeTransform } from '@nestjs/common';
import { ApiProblem } from './api-problem';

/** Record ids: UUIDs or client-chosen keys of letters, digits, `_` and `-` (no spaces, at most 64). */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ID_PATTERN.test(value)) throw ApiProblem.badRequest('Invalid id in path', [{ field: 'id', messages: ['must be 1-64 letters, digits, _ or -'] }]);
    return value;
  }
}
