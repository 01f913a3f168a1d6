import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { CommandRequestDto } from '../../shared/http/command-request.dto';
import { Nested, OrganisationFactsDto } from '../../shared/http/party.dto';
import { ContactsPatchDto, IndividualFactsDto } from '../customer-facts.dto';

/** A patch: omitted fields stay as they are; `null` clears an optional fact. */
export class UpdateCustomerProfileRequestDto extends CommandRequestDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ type: ContactsPatchDto }) @IsOptional() @Nested(() => ContactsPatchDto) contacts?: ContactsPatchDto;
  @ApiPropertyOptional({ type: IndividualFactsDto }) @IsOptional() @Nested(() => IndividualFactsDto) individual?: IndividualFactsDto;
  @ApiPropertyOptional({ type: OrganisationFactsDto }) @IsOptional() @Nested(() => OrganisationFactsDto) organisation?: OrganisationFactsDto;
}
