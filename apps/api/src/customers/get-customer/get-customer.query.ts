import { Query } from '@nestjs/cqrs';
import { ComplaintContact, CustomerFile } from '../customer-view';
import type { Principal } from '@app/application/principal';

export class GetCustomerQuery extends Query<CustomerFile | ComplaintContact> {
  constructor(readonly id: string, readonly caller: Principal) {
    super();
  }
}
