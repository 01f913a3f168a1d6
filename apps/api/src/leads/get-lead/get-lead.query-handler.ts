import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { pipelineProjection } from '@app/read-models';
import { Clock } from '@app/application/clock';
import { ReadModels } from '../../read-models/read-models.service';
import { LeadView, toLeadView } from '../lead-view';
import { GetLeadQuery } from './get-lead.query';
import { notVisible, ownsOrManages } from '../../security/access-policy';

@QueryHandler(GetLeadQuery)
export class GetLeadHandler implements IQueryHandler<GetLeadQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  async execute({ id, caller }: GetLeadQuery): Promise<LeadView> {
    const lead = await this.readModels.get(pipelineProjection, id);
    if (!lead || !ownsOrManages(caller, lead)) throw notVisible('lead', id);
    return toLeadView(lead, this.clock.now());
  }
}
