import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { complaintsProjection, customersProjection, referralsProjection } from '@app/read-models';
import { IdPipe } from '../../shared/http/id.pipe';
import { QueryRequestDto } from '../../read-models/query-request.dto';
import { ReadsFrom } from '../../read-models/reads-from.decorator';
import { ComplaintContact, CustomerFile } from '../customer-view';
import { GetCustomerQuery } from './get-customer.query';
import { CustomerTimelineEntryDto } from './get-customer.response.dto';
import { Allow, Caller } from '../../security/access.decorators';
import type { Principal } from '@app/application/principal';
import { RIGHTS } from '../../security/rights';
import { RecordsAccess } from '../../audit/access-log/records-access.decorator';

@ApiTags('customers')
@ApiExtraModels(CustomerTimelineEntryDto)
@Allow(...RIGHTS.readCustomers)
@Controller('customers')
export class GetCustomerHttpController {
  constructor(private readonly queries: QueryBus) {}

  @RecordsAccess({ subjectKind: 'customer', purposeRequired: true })
  @Get(':id')
  @ReadsFrom(customersProjection, complaintsProjection, referralsProjection)
  @ApiOperation({
    summary: 'The customer file: profile; contracts and orders; receivables; trading history; returns and discounts; credit; identity; class; complaints and satisfaction; referrals; timeline',
  })
  @ApiOkResponse({
    description: 'The customer file (for a service agent handling one of its complaints, only the name, contacts and complaints); its timeline holds the latest 100 facts, oldest first, each with its kind and values',
    schema: {
      type: 'object',
      additionalProperties: true,
      required: ['customerId'],
      properties: { customerId: { type: 'string' }, timeline: { type: 'array', items: { $ref: getSchemaPath(CustomerTimelineEntryDto) } } },
    },
  })
  get(@Param('id', IdPipe) id: string, @Query() _params: QueryRequestDto, @Caller() caller: Principal): Promise<CustomerFile | ComplaintContact> {
    return this.queries.execute(new GetCustomerQuery(id, caller));
  }
}
