import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CommandRequestDto } from '../../shared/http/command-request.dto';
import { ID_PATTERN } from '../../shared/http/id.pipe';
import { MAX_AMOUNT } from '../../shared/http/party.dto';

export class RecordReturnRequestDto extends CommandRequestDto {
  @ApiProperty() @Matches(ID_PATTERN) returnId: string;
  @ApiProperty() @Matches(ID_PATTERN) orderId: string;
  @ApiProperty() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0.01) @Max(MAX_AMOUNT) amount: number;
  @ApiProperty() @IsString() @Length(1, 1000) reason: string;
}
