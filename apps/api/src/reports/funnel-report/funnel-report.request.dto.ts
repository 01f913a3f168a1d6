import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { ReportPeriodDto } from '../report-period.dto';

export const LEAD_GROUPINGS = ['owner', 'team', 'source', 'product', 'month'] as const;

export class FunnelReportRequestDto extends ReportPeriodDto {
  @ApiPropertyOptional({ enum: LEAD_GROUPINGS }) @IsOptional() @IsIn(LEAD_GROUPINGS) groupBy?: (typeof LEAD_GROUPINGS)[number];
  @ApiPropertyOptional({ description: 'The funnel as it stood at this time (business time)' }) @IsOptional() @IsISO8601({ strict: true }) asOf?: string;
}
