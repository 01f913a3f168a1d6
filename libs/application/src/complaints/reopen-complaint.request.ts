import { requestMapping } from '../command-request';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { CommandRequestDto } from '../requests/command-request.dto';

export class ReopenComplaintRequestDto extends CommandRequestDto {
  @ApiProperty() @IsString() @Length(1, 1000) reason: string;
}

/** The request as the `ReopenComplaint` command. */
export const reopenComplaint = requestMapping(ReopenComplaintRequestDto, {
  aggregate: 'complaint',
  type: 'ReopenComplaint',
  notFromBody: ['complaintId'],
  data: (complaintId, body) => ({ complaintId, reason: body.reason }),
});
