import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CommandRequestDto } from '../../shared/http/command-request.dto';

export class RecordSatisfactionRequestDto extends CommandRequestDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: 'Service the customer expected' }) @IsInt() @Min(1) @Max(5) expectedService: number;
  @ApiProperty({ minimum: 1, maximum: 5, description: 'Service the customer perceived' }) @IsInt() @Min(1) @Max(5) perceivedService: number;
  @ApiProperty({ minimum: 0, maximum: 10, description: 'Likelihood to recommend (NPS question)' }) @IsInt() @Min(0) @Max(10) likelihoodToRecommend: number;
  @ApiProperty() @IsBoolean() wouldBuyAgain: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() consideredOtherBrands?: boolean;
  @ApiPropertyOptional({ description: 'Would raise a problem with us rather than complain elsewhere' }) @IsOptional() @IsBoolean() wouldRaiseWithUsFirst?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}
