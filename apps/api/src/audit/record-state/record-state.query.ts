import { Query } from '@nestjs/cqrs';
import { AggregateName } from '@app/application/aggregates';
import { RecordStateDto } from './record-state.response.dto';

/** Exactly one of `asOf` (business time) and `revision` may be set; neither means "now". */
export class GetRecordStateQuery extends Query<RecordStateDto> {
  constructor(
    readonly aggregate: AggregateName,
    readonly id: string,
    readonly asOf?: string,
    readonly revision?: number,
    /** Personal fields masked (analysts). */
    readonly masked = false,
  ) {
    super();
  }
}
