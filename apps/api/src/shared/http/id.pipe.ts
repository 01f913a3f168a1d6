import { Injectable, PipeTransform } from '@nestjs/common';
import { ApiProblem } from './api-problem';

/** Record ids: UUIDs or client-chosen keys of letters, digits, `_` and `-` (no spaces, at most 64). */
import { ID_PATTERN } from '@app/application/requests/ids';

export { ID_PATTERN };

@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ID_PATTERN.test(value)) throw ApiProblem.badRequest('Invalid id in path', [{ field: 'id', messages: ['must be 1-64 letters, digits, _ or -'] }]);
    return value;
  }
}
