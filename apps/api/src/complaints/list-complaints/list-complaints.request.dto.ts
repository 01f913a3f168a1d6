import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { COMPLAINT_CATEGORIES, COMPLAINT_SEVERITIES, COMPLAINT_STATUSES, COMPLAINT_TOUCHPOINTS, ComplaintCategory, ComplaintSeverity, ComplaintStatus, ComplaintTouchpoint } from '@app/domain/complaint';
import { ID_PATTERN } from '@app/application/requests/ids';
import { PagedQueryRequestDto } from '../../read-models/query-request.dto';

export class ListComplaintsRequestDto extends PagedQueryRequestDto {
  @ApiPropertyOptional({ enum: COMPLAINT_STATUSES }) @IsOptional() @IsIn(COMPLAINT_STATUSES) status?: ComplaintStatus;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN) customerId?: string;
  @ApiPropertyOptional({ enum: COMPLAINT_CATEGORIES }) @IsOptional() @IsIn(COMPLAINT_CATEGORIES) category?: ComplaintCategory;
  @ApiPropertyOptional({ enum: COMPLAINT_TOUCHPOINTS }) @IsOptional() @IsIn(COMPLAINT_TOUCHPOINTS) touchpoint?: ComplaintTouchpoint;
  @ApiPropertyOptional({ enum: COMPLAINT_SEVERITIES }) @IsOptional() @IsIn(COMPLAINT_SEVERITIES) severity?: ComplaintSeverity;
  @ApiPropertyOptional({ enum: ['true'], description: 'Only safety-related complaints' }) @IsOptional() @IsIn(['true']) safety?: 'true';
}
