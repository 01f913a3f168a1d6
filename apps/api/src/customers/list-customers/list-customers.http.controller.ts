import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Page } from '@app/read-store';
import { customersProjection } from '@app/read-models';
import { ReadsFrom } from '../../read-models/reads-from.decorator';
import { ComplaintContact, CustomerSummary } from '../customer-view';
import { ListCustomersQuery } from './list-customers.query';
import { ListCustomersRequestDto } from './list-customers.request.dto';
import { Allow, Caller } from '../../security/access.decorators';
import type { Principal } from '@app/application/principal';
import { RIGHTS } from '../../security/rights';

@ApiTags('customers')
@Allow(...RIGHTS.readCustomers)
@Controller('customers')
export class ListCustomersHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ReadsFrom(customersProjection)
  @ApiOperation({ summary: 'Customers by class, owner or team, with receivables, credit and identity status (paged)' })
  list(@Query() params: ListCustomersRequestDto, @Caller() caller: Principal): Promise<Page<CustomerSummary | ComplaintContact>> {
    return this.queries.execute(new ListCustomersQuery(params, caller));
  }
}
