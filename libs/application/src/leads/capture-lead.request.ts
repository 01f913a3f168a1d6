import { requestMapping } from '../command-request';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsIn, IsISO8601, IsNumber, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { LEAD_KINDS, LEAD_SOURCES, LeadKind, LeadSource } from '@app/domain/lead';
import { CommandRequestDto } from '../requests/command-request.dto';
import { ID_PATTERN } from '../requests/ids';
import { ConsentDto, ContactsDto, MAX_AMOUNT, Nested, OrganisationFactsDto, ReferrerDto } from '../requests/party.dto';

export class CaptureLeadRequestDto extends CommandRequestDto {
  @ApiPropertyOptional({ description: 'Client-chosen id (e.g. from an import), admins only: other roles get 403 naming id. Default: a new UUID, derived from the caller and the Idempotency-Key when one is sent' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'id must be 1-64 letters, digits, _ or -' })
  id?: string;

  @ApiProperty({ enum: LEAD_KINDS }) @IsIn(LEAD_KINDS) kind: LeadKind;
  @ApiProperty({ example: 'Li Wei' }) @IsString() @Length(1, 200) name: string;
  @ApiProperty({ type: ContactsDto }) @Nested(() => ContactsDto) contacts: ContactsDto;

  @ApiPropertyOptional({ type: OrganisationFactsDto, description: 'Only for organisations: nature, scope, branches, partners, headcount, current spend' })
  @IsOptional()
  @Nested(() => OrganisationFactsDto)
  organisation?: OrganisationFactsDto;

  @ApiProperty({ enum: LEAD_SOURCES, description: 'How the lead was found (prospecting method)' }) @IsIn(LEAD_SOURCES) source: LeadSource;
  @ApiPropertyOptional({ type: ReferrerDto }) @IsOptional() @Nested(() => ReferrerDto) referredBy?: ReferrerDto;
  @ApiProperty({ description: 'User id of the owning sales rep' }) @Matches(ID_PATTERN) ownerId: string;
  @ApiProperty() @Matches(ID_PATTERN) teamId: string;

  @ApiPropertyOptional({ type: [String], example: ['crm-suite'] })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  productInterest: string[] = [];

  @ApiPropertyOptional() @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(MAX_AMOUNT) expectedAmount?: number;
  @ApiPropertyOptional({ example: '2027-03-31' }) @IsOptional() @IsISO8601({ strict: true }) expectedCloseDate?: string;
  @ApiProperty({ type: ConsentDto }) @Nested(() => ConsentDto) consent: ConsentDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

/** The request as the `CaptureLead` command. */
export const captureLead = requestMapping(CaptureLeadRequestDto, {
  aggregate: 'lead',
  type: 'CaptureLead',
  notFromBody: ['leadId'],
  data: (leadId, body) => ({ leadId, kind: body.kind, name: body.name, contacts: body.contacts, organisation: body.organisation, source: body.source, referredBy: body.referredBy, ownerId: body.ownerId, teamId: body.teamId, productInterest: body.productInterest, expectedAmount: body.expectedAmount, expectedCloseDate: body.expectedCloseDate, consent: body.consent, notes: body.notes }),
});
