import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ComplaintDoc } from '@app/projections/complaints.projection';
import { CustomerDoc } from '@app/projections/customers.projection';
import { SatisfactionReport, satisfactionReport } from '@app/projections/reports/satisfaction.report';
import { Filter } from '@app/read-store';
import { Clock } from '@app/application/clock';
import { ReadModels } from '../../read-models/read-models.service';
import { SatisfactionReportQuery } from './satisfaction-report.query';

@QueryHandler(SatisfactionReportQuery)
export class SatisfactionReportHandler implements IQueryHandler<SatisfactionReportQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  async execute({ params }: SatisfactionReportQuery): Promise<SatisfactionReport> {
    const loggedAt = { ...(params.from && { $gte: new Date(params.from).toISOString() }), ...(params.to && { $lt: new Date(params.to).toISOString() }) };
    const filter: Filter = Object.keys(loggedAt).length ? { loggedAt } : {};
    const complaints = await this.readModels.all<ComplaintDoc>('complaints', filter);
    const owners = new Map<string, string>();
    if (params.groupBy === 'owner') {
      const customers = await this.readModels.getMany<CustomerDoc>('customers', [...new Set(complaints.map((c) => c.customerId))]);
      for (const [id, customer] of customers) owners.set(id, customer.ownerId);
    }
    return satisfactionReport(complaints, { groupBy: params.groupBy, ownerOf: (id) => owners.get(id), now: this.clock.now() });
  }
}
