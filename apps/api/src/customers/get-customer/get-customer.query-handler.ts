import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { complaintsProjection, customersProjection, referralsProjection } from '@app/read-models';
import { Clock } from '@app/application/clock';
import { ReadModels } from '../../read-models/read-models.service';
import { CustomerFile, toCustomerFile } from '../customer-view';
import { GetCustomerQuery } from './get-customer.query';
import { notVisible, ownsOrManages } from '../../security/access-policy';

@QueryHandler(GetCustomerQuery)
export class GetCustomerHandler implements IQueryHandler<GetCustomerQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  async execute({ id, caller }: GetCustomerQuery): Promise<CustomerFile> {
    const [customer, complaints, referrals] = await Promise.all([
      this.readModels.get(customersProjection, id),
      this.readModels.all(complaintsProjection, { customerId: id }),
      this.readModels.all(referralsProjection, { 'referrer.id': id }),
    ]);
    // Service agents: only the files of customers whose complaints they handle.
    const visible = caller.role === 'service_agent' ? complaints.some((c) => c.handlerId === caller.id) : ownsOrManages(caller, customer ?? {});
    if (!customer || !visible) throw notVisible('customer', id);
    return toCustomerFile(customer, complaints, referrals, this.clock.now());
  }
}
