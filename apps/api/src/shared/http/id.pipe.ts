import { Injectable, PipeTransform } from '@nestjs/common';
import { ID_PATTERN } from '@app/application/requests/ids';
import { ApiProblem } from './api-problem';

/** A record id in the path: UUIDs or keys of letters, digits, `_` and `-` (no spaces, at most 64). */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ID_PATTERN.test(value)) throw ApiProblem.badRequest('Invalid id in path', [{ field: 'id', messages: ['must be 1-64 letters, digits, _ or -'] }]);
    return value;
  }
}
