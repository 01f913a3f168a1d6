import { Query } from '@nestjs/cqrs';
import { CustomerFile } from '../customer-view';
import type { Principal } from '@app/application/principal';

export class GetCustomerQuery extends Query<CustomerFile> {
  constructor(readonly id: string, readonly caller: Principal) {
    super();
  }
}
