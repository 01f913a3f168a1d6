import { Query } from '@nestjs/cqrs';
import { Page } from '@app/read-store';
import { ComplaintContact, CustomerSummary } from '../customer-view';
import { ListCustomersRequestDto } from './list-customers.request.dto';
import type { Principal } from '@app/application/principal';

export class ListCustomersQuery extends Query<Page<CustomerSummary | ComplaintContact>> {
  constructor(readonly params: ListCustomersRequestDto, readonly caller: Principal) {
    super();
  }
}
