import { requestMapping } from '../command-request';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { OPEN_STAGES, OpenLeadStage } from '@app/domain/lead';
import { CommandRequestDto } from '../requests/command-request.dto';

export class ReopenLeadRequestDto extends CommandRequestDto {
  @ApiProperty({ enum: OPEN_STAGES, description: 'The open stage the lead returns to' }) @IsIn(OPEN_STAGES) to: OpenLeadStage;
  @ApiProperty() @IsString() @Length(1, 1000) reason: string;
}

/** The request as the `ReopenLead` command. */
export const reopenLead = requestMapping(ReopenLeadRequestDto, {
  aggregate: 'lead',
  type: 'ReopenLead',
  notFromBody: ['leadId'],
  data: (leadId, body) => ({ leadId, to: body.to, reason: body.reason }),
});
