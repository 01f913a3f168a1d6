import { requestMapping } from '../command-request';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CUSTOMER_CLASSES, CUSTOMER_KINDS, CustomerClass, CustomerKind } from '@app/domain/customer';
import { LEAD_SOURCES, LeadSource } from '@app/domain/lead';
import { CommandRequestDto } from '../requests/command-request.dto';
import { ID_PATTERN } from '../requests/ids';
import { ConsentDto, ContactsDto, Nested, OrganisationFactsDto, ReferrerDto } from '../requests/party.dto';
import { IndividualFactsDto, knownFacts } from '../requests/customer-facts.dto';

export class RegisterCustomerRequestDto extends CommandRequestDto {
  @ApiPropertyOptional({ description: 'Client-chosen id (e.g. from an import), admins only: other roles get 403 naming id. Default: a new UUID, derived from the caller and the Idempotency-Key when one is sent' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'id must be 1-64 letters, digits, _ or -' })
  id?: string;

  @ApiProperty({ enum: CUSTOMER_KINDS }) @IsIn(CUSTOMER_KINDS) kind: CustomerKind;
  @ApiProperty() @IsString() @Length(1, 200) name: string;
  @ApiProperty({ type: ContactsDto }) @Nested(() => ContactsDto) contacts: ContactsDto;
  @ApiPropertyOptional({ type: IndividualFactsDto, description: 'Only for persons' }) @IsOptional() @Nested(() => IndividualFactsDto) individual?: IndividualFactsDto;
  @ApiPropertyOptional({ type: OrganisationFactsDto, description: 'Only for organisations' }) @IsOptional() @Nested(() => OrganisationFactsDto) organisation?: OrganisationFactsDto;
  @ApiProperty() @Matches(ID_PATTERN) ownerId: string;
  @ApiProperty() @Matches(ID_PATTERN) teamId: string;
  @ApiPropertyOptional({ enum: CUSTOMER_CLASSES, default: 'new' }) @IsOptional() @IsIn(CUSTOMER_CLASSES) customerClass?: CustomerClass;
  @ApiPropertyOptional({ enum: LEAD_SOURCES }) @IsOptional() @IsIn(LEAD_SOURCES) source?: LeadSource;
  @ApiPropertyOptional({ type: ReferrerDto }) @IsOptional() @Nested(() => ReferrerDto) referredBy?: ReferrerDto;
  @ApiProperty({ type: ConsentDto }) @Nested(() => ConsentDto) consent: ConsentDto;
}

/** The request as the `RegisterCustomer` command. */
export const registerCustomer = requestMapping(RegisterCustomerRequestDto, {
  aggregate: 'customer',
  type: 'RegisterCustomer',
  // A won lead's file names the lead it comes from (the policy sets it); a registration by hand does not.
  notFromBody: ['customerId', 'fromLeadId'],
  data: (customerId, body) => ({ customerId, kind: body.kind, name: body.name, contacts: body.contacts, individual: knownFacts(body.individual), organisation: body.organisation, ownerId: body.ownerId, teamId: body.teamId, customerClass: body.customerClass, source: body.source, referredBy: body.referredBy, consent: body.consent }),
});
