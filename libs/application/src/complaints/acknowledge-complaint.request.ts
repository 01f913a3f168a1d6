import { requestMapping } from '../command-request';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { CommandRequestDto } from '../requests/command-request.dto';
import { ID_PATTERN } from '../requests/ids';

export class AcknowledgeComplaintRequestDto extends CommandRequestDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) note?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN) handlerId?: string;
}

/** The request as the `AcknowledgeComplaint` command. */
export const acknowledgeComplaint = requestMapping(AcknowledgeComplaintRequestDto, {
  aggregate: 'complaint',
  type: 'AcknowledgeComplaint',
  notFromBody: ['complaintId'],
  data: (complaintId, body) => ({ complaintId, note: body.note, handlerId: body.handlerId }),
});
