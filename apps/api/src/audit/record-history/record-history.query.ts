import { Query } from '@nestjs/cqrs';
import { AggregateName } from '@app/application/aggregates';
import { RecordHistoryPageDto } from './record-history.response.dto';

export class GetRecordHistoryQuery extends Query<RecordHistoryPageDto> {
  constructor(
    readonly aggregate: AggregateName,
    readonly id: string,
    /** Revisions strictly after this one. */
    readonly afterRevision: number,
    readonly limit: number,
    /** Personal fields masked (analysts). */
    readonly masked = false,
  ) {
    super();
  }
}
