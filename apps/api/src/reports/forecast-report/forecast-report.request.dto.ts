import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { QueryRequestDto } from '../../read-models/query-request.dto';
import { LEAD_GROUPINGS } from '../funnel-report/funnel-report.request.dto';

const Rate = (stage: string): PropertyDecorator => {
  const decorators = [
    ApiPropertyOptional({ minimum: 0, maximum: 1, description: `Close rate of stage ${stage} (0-1); default: learned from history` }),
    IsOptional(),
    Type(() => Number),
    IsNumber(),
    Min(0),
    Max(1),
  ];
  return (target, key) => decorators.forEach((d) => d(target, key));
};

export class ForecastReportRequestDto extends QueryRequestDto {
  @ApiPropertyOptional({ enum: LEAD_GROUPINGS }) @IsOptional() @IsIn(LEAD_GROUPINGS) groupBy?: (typeof LEAD_GROUPINGS)[number];
  @Rate('D') rateD?: number;
  @Rate('C') rateC?: number;
  @Rate('B') rateB?: number;
  @Rate('A') rateA?: number;
}
