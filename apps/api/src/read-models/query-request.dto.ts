import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCursor } from '@app/application/requests/validators';

/** Parameters every read-model query accepts (the freshness interceptor acts on minPosition). */
export class QueryRequestDto {
  @ApiPropertyOptional({ description: 'Answer only once the read model has reached this log position' })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'minPosition must be a non-negative integer' })
  minPosition?: string;
}

/** Plus paging, for queries that list. */
export abstract class PagedQueryRequestDto extends QueryRequestDto {
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @IsCursor()
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
