import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { QueryRequestDto } from '../read-models/query-request.dto';
import { IsNotBefore } from '@app/application/requests/validators';

/** A period on the capture (or logging) time: from inclusive, to exclusive. */
export class ReportPeriodDto extends QueryRequestDto {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'From (inclusive), ISO date or time' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ example: '2026-07-01', description: 'To (exclusive), ISO date or time' }) @IsOptional() @IsISO8601({ strict: true }) @IsNotBefore('from') to?: string;
}
