import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { IsNotBefore, IsNotInFuture } from '@app/application/requests/validators';
import { ReportPeriodDto } from '../report-period.dto';

export const LEAD_GROUPINGS = ['owner', 'team', 'source', 'product', 'month'] as const;

export class FunnelReportRequestDto extends ReportPeriodDto {
  @ApiPropertyOptional({ enum: LEAD_GROUPINGS }) @IsOptional() @IsIn(LEAD_GROUPINGS) groupBy?: (typeof LEAD_GROUPINGS)[number];
  @ApiPropertyOptional({
    example: '2026-03-31T23:59:59Z',
    description: 'The funnel as it stood at this time (business time): every move that happened by then counts, even one recorded later (a back-dated import or correction).',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
  @ApiPropertyOptional({
    example: '2026-04-05T00:00:00Z',
    description:
      'The funnel as the system knew it at this time: only moves recorded by then count, each at its business time; later imports and corrections are left out. ' +
      'Alone it also sets asOf; with asOf (as it stood at asOf, by what was known at knownAt) it must not be before asOf. Not in the future.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsNotInFuture()
  @IsNotBefore('asOf', { message: 'knownAt must not be before asOf: what was known at a time can tell how the funnel stood then or earlier, not later' })
  knownAt?: string;
}
