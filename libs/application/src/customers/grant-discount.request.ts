import { requestMapping } from '../command-request';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CommandRequestDto } from '../requests/command-request.dto';
import { ID_PATTERN } from '../requests/ids';
import { MAX_AMOUNT } from '../requests/party.dto';

export class GrantDiscountRequestDto extends CommandRequestDto {
  @ApiProperty() @Matches(ID_PATTERN) discountId: string;
  @ApiPropertyOptional({ description: 'The order discounted; default: the account as a whole' }) @IsOptional() @Matches(ID_PATTERN) orderId?: string;
  @ApiProperty() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0.01) @Max(MAX_AMOUNT) amount: number;
  @ApiProperty() @IsString() @Length(1, 1000) reason: string;
}

/** The request as the `GrantDiscount` command. */
export const grantDiscount = requestMapping(GrantDiscountRequestDto, {
  aggregate: 'customer',
  type: 'GrantDiscount',
  notFromBody: ['customerId'],
  data: (customerId, body) => ({ customerId, discountId: body.discountId, orderId: body.orderId, amount: body.amount, reason: body.reason }),
});
