import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { SatisfactionReport, satisfactionReportOf } from '@app/read-models';
import { Clock } from '@app/application/clock';
import { ReadModels } from '../../read-models/read-models.service';
import { ownershipFilter } from '../../security/access-policy';
import { SatisfactionReportQuery } from './satisfaction-report.query';

@QueryHandler(SatisfactionReportQuery)
export class SatisfactionReportHandler implements IQueryHandler<SatisfactionReportQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  execute({ params, caller }: SatisfactionReportQuery): Promise<SatisfactionReport> {
    // Service agents work every complaint; managers count their team's customers' complaints.
    const scope = caller.role === 'service_agent' ? undefined : ownershipFilter(caller);
    return satisfactionReportOf(this.readModels, scope, { from: params.from, to: params.to, groupBy: params.groupBy, now: this.clock.now() });
  }
}
