import { requestMapping } from '../command-request';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_SEVERITIES,
  COMPLAINT_TOUCHPOINTS,
  ComplaintCategory,
  ComplaintChannel,
  ComplaintSeverity,
  ComplaintTouchpoint,
} from '@app/domain/complaint';
import { CommandRequestDto } from '../requests/command-request.dto';
import { ID_PATTERN } from '../requests/ids';

export class LogComplaintRequestDto extends CommandRequestDto {
  @ApiPropertyOptional({ description: 'Client-chosen id; default: a new UUID' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'id must be 1-64 letters, digits, _ or -' })
  id?: string;

  @ApiProperty() @Matches(ID_PATTERN) customerId: string;
  @ApiProperty({ enum: COMPLAINT_CATEGORIES }) @IsIn(COMPLAINT_CATEGORIES) category: ComplaintCategory;
  @ApiProperty({ enum: COMPLAINT_TOUCHPOINTS, description: 'Where the customer met the company when it arose' }) @IsIn(COMPLAINT_TOUCHPOINTS) touchpoint: ComplaintTouchpoint;
  @ApiProperty({ enum: COMPLAINT_SEVERITIES }) @IsIn(COMPLAINT_SEVERITIES) severity: ComplaintSeverity;
  @ApiProperty({ enum: COMPLAINT_CHANNELS }) @IsIn(COMPLAINT_CHANNELS) channel: ComplaintChannel;
  @ApiProperty() @IsString() @Length(1, 4000) description: string;
  @ApiPropertyOptional({ description: 'A potential safety concern (always true for category safety)' }) @IsOptional() @IsBoolean() safetyRelated?: boolean;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN) handlerId?: string;
}

/** The request as the `LogComplaint` command. */
export const logComplaint = requestMapping(LogComplaintRequestDto, {
  aggregate: 'complaint',
  type: 'LogComplaint',
  notFromBody: ['complaintId'],
  data: (complaintId, body) => ({ complaintId, customerId: body.customerId, category: body.category, touchpoint: body.touchpoint, severity: body.severity, channel: body.channel, description: body.description, safetyRelated: body.safetyRelated, handlerId: body.handlerId }),
});
