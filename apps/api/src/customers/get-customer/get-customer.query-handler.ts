import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { complaintsProjection, customersProjection, referralsProjection } from '@app/read-models';
import { Clock } from '@app/application/clock';
import { ReadModels } from '../../read-models/read-models.service';
import { ComplaintContact, CustomerFile, toComplaintContact, toCustomerFile } from '../customer-view';
import { GetCustomerQuery } from './get-customer.query';
import { assignedToHandle, notVisible, ownsOrManages } from '../../security/access-policy';

@QueryHandler(GetCustomerQuery)
export class GetCustomerHandler implements IQueryHandler<GetCustomerQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  async execute({ id, caller }: GetCustomerQuery): Promise<CustomerFile | ComplaintContact> {
    const [customer, complaints, referrals] = await Promise.all([
      this.readModels.get(customersProjection, id),
      this.readModels.all(complaintsProjection, { customerId: id }),
      this.readModels.all(referralsProjection, { 'referrer.id': id }),
    ]);
    if (caller.role === 'service_agent') {
      // Only the contacts and complaints of a customer whose complaint someone else assigned them.
      if (!customer || !complaints.some((c) => assignedToHandle(caller, c))) throw notVisible('customer', id);
      return toComplaintContact(customer, complaints);
    }
    if (!customer || !ownsOrManages(caller, customer)) throw notVisible('customer', id);
    return toCustomerFile(customer, complaints, referrals, this.clock.now());
  }
}
