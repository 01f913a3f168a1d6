import { requestMapping } from '../command-request';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { PAYMENT_METHODS, PaymentMethod } from '@app/domain/customer';
import { CommandRequestDto } from '../requests/command-request.dto';
import { ID_PATTERN } from '../requests/ids';
import { MAX_AMOUNT } from '../requests/party.dto';

export class RecordPaymentRequestDto extends CommandRequestDto {
  @ApiProperty() @Matches(ID_PATTERN) paymentId: string;
  @ApiPropertyOptional({ description: 'The order paid; default: the account as a whole' }) @IsOptional() @Matches(ID_PATTERN) orderId?: string;
  @ApiProperty() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0.01) @Max(MAX_AMOUNT) amount: number;
  @ApiProperty({ enum: PAYMENT_METHODS }) @IsIn(PAYMENT_METHODS) method: PaymentMethod;
}

/** The request as the `RecordPayment` command. */
export const recordPayment = requestMapping(RecordPaymentRequestDto, {
  aggregate: 'customer',
  type: 'RecordPayment',
  notFromBody: ['customerId'],
  data: (customerId, body) => ({ customerId, paymentId: body.paymentId, orderId: body.orderId, amount: body.amount, method: body.method }),
});
