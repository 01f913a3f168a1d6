import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ReportPeriodDto } from '../report-period.dto';

export const COMPLAINT_GROUPINGS = ['category', 'touchpoint', 'severity', 'owner', 'month'] as const;

export class SatisfactionReportRequestDto extends ReportPeriodDto {
  @ApiPropertyOptional({ enum: COMPLAINT_GROUPINGS, description: 'owner: the rep who owns the customer' }) @IsOptional() @IsIn(COMPLAINT_GROUPINGS) groupBy?: (typeof COMPLAINT_GROUPINGS)[number];
}
