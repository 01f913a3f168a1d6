import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { QueryRequestDto } from '../../read-models/query-request.dto';
import { LEAD_GROUPINGS } from '../funnel-report/funnel-report.request.dto';

/**
 * A rate as a number only when it is written as a decimal (`0.5`, `1`, `.25`). `Number()` alone would
 * read an empty `rateA=` as a configured rate of 0 and `0x1` as 1; those stay text and are refused.
 */
const toDecimal = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^(\d+(\.\d*)?|\.\d+)$/.test(value) ? Number(value) : value);

const Rate = (stage: string): PropertyDecorator => {
  const decorators = [
    ApiPropertyOptional({ minimum: 0, maximum: 1, description: `Close rate of stage ${stage} (0-1); default: learned from history` }),
    IsOptional(),
    Transform(toDecimal),
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
