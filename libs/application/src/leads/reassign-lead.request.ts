import { requestMapping } from '../command-request';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { CommandRequestDto } from '../requests/command-request.dto';
import { ID_PATTERN } from '../requests/ids';

export class ReassignLeadRequestDto extends CommandRequestDto {
  @ApiProperty() @Matches(ID_PATTERN) toOwnerId: string;
  @ApiProperty() @Matches(ID_PATTERN) toTeamId: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 1000) reason?: string;
}

/** The request as the `ReassignLead` command. */
export const reassignLead = requestMapping(ReassignLeadRequestDto, {
  aggregate: 'lead',
  type: 'ReassignLead',
  // A bulk reassignment sets the last two; a single one names neither.
  notFromBody: ['leadId', 'bulkReassignmentId', 'expectedOwnerId'],
  data: (leadId, body) => ({ leadId, toOwnerId: body.toOwnerId, toTeamId: body.toTeamId, reason: body.reason }),
});
