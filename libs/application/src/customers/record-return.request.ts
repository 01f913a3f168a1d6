import { requestMapping } from '../command-request';
import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CommandRequestDto } from '../requests/command-request.dto';
import { ID_PATTERN } from '../requests/ids';
import { MAX_AMOUNT } from '../requests/party.dto';

export class RecordReturnRequestDto extends CommandRequestDto {
  @ApiProperty() @Matches(ID_PATTERN) returnId: string;
  @ApiProperty() @Matches(ID_PATTERN) orderId: string;
  @ApiProperty() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0.01) @Max(MAX_AMOUNT) amount: number;
  @ApiProperty() @IsString() @Length(1, 1000) reason: string;
}

/** The request as the `RecordReturn` command. */
export const recordReturn = requestMapping(RecordReturnRequestDto, {
  aggregate: 'customer',
  type: 'RecordReturn',
  notFromBody: ['customerId'],
  data: (customerId, body) => ({ customerId, returnId: body.returnId, orderId: body.orderId, amount: body.amount, reason: body.reason }),
});
