import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { CommandRequestDto } from '../../shared/http/command-request.dto';
import { MAX_AMOUNT } from '../../shared/http/party.dto';

export class ResolveComplaintRequestDto extends CommandRequestDto {
  @ApiProperty() @IsString() @Length(1, 4000) resolution: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(MAX_AMOUNT) compensationAmount?: number;
}
