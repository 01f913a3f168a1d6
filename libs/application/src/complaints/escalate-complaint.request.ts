import { requestMapping } from '../command-request';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ESCALATION_LEVELS, EscalationLevel } from '@app/domain/complaint';
import { CommandRequestDto } from '../requests/command-request.dto';

export class EscalateComplaintRequestDto extends CommandRequestDto {
  @ApiProperty({ enum: ESCALATION_LEVELS }) @IsIn(ESCALATION_LEVELS) level: EscalationLevel;
  @ApiProperty() @IsString() @Length(1, 1000) reason: string;
  @ApiPropertyOptional({ description: 'A safety concern found on escalation: tracking number and 24-hour deadline' }) @IsOptional() @IsBoolean() safetyRelated?: boolean;
}

/** The request as the `EscalateComplaint` command. */
export const escalateComplaint = requestMapping(EscalateComplaintRequestDto, {
  aggregate: 'complaint',
  type: 'EscalateComplaint',
  notFromBody: ['complaintId'],
  data: (complaintId, body) => ({ complaintId, level: body.level, reason: body.reason, safetyRelated: body.safetyRelated }),
});
