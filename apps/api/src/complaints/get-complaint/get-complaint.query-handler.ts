import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { complaintsProjection } from '@app/read-models';
import { ApiProblem } from '../../shared/http/api-problem';
import { ReadModels } from '../../read-models/read-models.service';
import { ComplaintView, toComplaintView } from '../complaint-view';
import { GetComplaintQuery } from './get-complaint.query';

@QueryHandler(GetComplaintQuery)
export class GetComplaintHandler implements IQueryHandler<GetComplaintQuery> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ id }: GetComplaintQuery): Promise<ComplaintView> {
    const complaint = await this.readModels.get(complaintsProjection, id);
    if (!complaint) throw ApiProblem.notFound('COMPLAINT_NOT_FOUND', `No complaint with id ${id}`);
    return toComplaintView(complaint);
  }
}
