import { requestMapping } from '../command-request';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CommandRequestDto } from '../requests/command-request.dto';

export class RecordSatisfactionRequestDto extends CommandRequestDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: 'Service the customer expected' }) @IsInt() @Min(1) @Max(5) expectedService: number;
  @ApiProperty({ minimum: 1, maximum: 5, description: 'Service the customer perceived' }) @IsInt() @Min(1) @Max(5) perceivedService: number;
  @ApiProperty({ minimum: 0, maximum: 10, description: 'Likelihood to recommend (NPS question)' }) @IsInt() @Min(0) @Max(10) likelihoodToRecommend: number;
  @ApiProperty() @IsBoolean() wouldBuyAgain: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() consideredOtherBrands?: boolean;
  @ApiPropertyOptional({ description: 'Would raise a problem with us rather than complain elsewhere' }) @IsOptional() @IsBoolean() wouldRaiseWithUsFirst?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

/** The request as the `RecordSatisfaction` command. */
export const recordSatisfaction = requestMapping(RecordSatisfactionRequestDto, {
  aggregate: 'complaint',
  type: 'RecordSatisfaction',
  notFromBody: ['complaintId'],
  data: (complaintId, body) => ({ complaintId, expectedService: body.expectedService, perceivedService: body.perceivedService, likelihoodToRecommend: body.likelihoodToRecommend, wouldBuyAgain: body.wouldBuyAgain, consideredOtherBrands: body.consideredOtherBrands, wouldRaiseWithUsFirst: body.wouldRaiseWithUsFirst, comment: body.comment }),
});
