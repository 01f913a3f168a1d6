import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { FeedFilterRequestDto } from '../feed-filter.request.dto';

export class StreamEventsRequestDto extends FeedFilterRequestDto {
  @ApiPropertyOptional({ description: 'Start after this log position; a `Last-Event-ID` header wins (an EventSource sends it when it reconnects)', minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  after?: number;
}
