import { Query } from '@nestjs/cqrs';
import { CustomerFile } from '../customer-view';

export class GetCustomerQuery extends Query<CustomerFile> {
  constructor(readonly id: string) {
    super();
  }
}
