import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { SatisfactionReport, satisfactionReportOf } from '@app/read-models';
import { Clock } from '@app/application/clock';
import { ReadModels } from '../../read-models/read-models.service';
import { SatisfactionReportQuery } from './satisfaction-report.query';

@QueryHandler(SatisfactionReportQuery)
export class SatisfactionReportHandler implements IQueryHandler<SatisfactionReportQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  execute({ params }: SatisfactionReportQuery): Promise<SatisfactionReport> {
    return satisfactionReportOf(this.readModels, { from: params.from, to: params.to, groupBy: params.groupBy, now: this.clock.now() });
  }
}
