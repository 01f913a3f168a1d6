import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsNotInFuture } from './validators';

/** Fields every command body accepts. */
export abstract class CommandRequestDto {
  @ApiPropertyOptional({ description: 'Business time of the fact (ISO 8601). May lie in the past (imports); never in the future. Default: now.', example: '2026-11-20T09:30:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @IsNotInFuture()
  occurredAt?: string;

  @ApiPropertyOptional({ description: 'Makes the command conditional, like If-Match: the record must be at this revision, else 409.', minimum: -1 })
  @IsOptional()
  @IsInt()
  @Min(-1)
  @Max(Number.MAX_SAFE_INTEGER)
  expectedRevision?: number;
}
