import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { AfterPositionField, FeedFilterRequestDto } from '@app/application/requests/feed-filter.request.dto';

export class ReadEventsRequestDto extends FeedFilterRequestDto {
  @AfterPositionField('Only events after this log position (the `nextAfter` of the previous page); default 0, from the start')
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
