import { requestMapping } from '../command-request';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { CommandRequestDto } from '../requests/command-request.dto';
import { Nested, OrganisationFactsDto } from '../requests/party.dto';
import { ContactsPatchDto, IndividualFactsDto } from '../requests/customer-facts.dto';

/** A patch: omitted fields stay as they are; `null` clears an optional fact. */
export class UpdateCustomerProfileRequestDto extends CommandRequestDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ type: ContactsPatchDto }) @IsOptional() @Nested(() => ContactsPatchDto) contacts?: ContactsPatchDto;
  @ApiPropertyOptional({ type: IndividualFactsDto }) @IsOptional() @Nested(() => IndividualFactsDto) individual?: IndividualFactsDto;
  @ApiPropertyOptional({ type: OrganisationFactsDto }) @IsOptional() @Nested(() => OrganisationFactsDto) organisation?: OrganisationFactsDto;
}

/** The request as the `UpdateCustomerProfile` command. */
export const updateCustomerProfile = requestMapping(UpdateCustomerProfileRequestDto, {
  aggregate: 'customer',
  type: 'UpdateCustomerProfile',
  notFromBody: ['customerId'],
  data: (customerId, body) => ({ customerId, name: body.name, contacts: body.contacts, individual: body.individual, organisation: body.organisation }),
});
