import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { QueryRequestDto } from '../../read-models/query-request.dto';
import { ID_PATTERN } from '@app/application/requests/ids';
import { IsNotBefore } from '@app/application/requests/validators';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class ActivityReportRequestDto extends QueryRequestDto {
  @ApiPropertyOptional({ example: '2026-11-01', description: 'First day (UTC), inclusive' }) @IsOptional() @Matches(DAY, { message: 'from must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ example: '2026-11-30', description: 'Last day (UTC), inclusive' }) @IsOptional() @Matches(DAY, { message: 'to must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }) @IsNotBefore('from') to?: string;
  @ApiPropertyOptional({ description: 'Only this rep' }) @IsOptional() @Matches(ID_PATTERN) repId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 365, default: 7, description: 'Leads with no activity for more than this many days are listed as idle' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  idleDays?: number;
}
