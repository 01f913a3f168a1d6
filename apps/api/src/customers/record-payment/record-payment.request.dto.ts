import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { PAYMENT_METHODS, PaymentMethod } from '@app/domain/customer';
import { CommandRequestDto } from '../../shared/http/command-request.dto';
import { ID_PATTERN } from '../../shared/http/id.pipe';
import { MAX_AMOUNT } from '../../shared/http/party.dto';

export class RecordPaymentRequestDto extends CommandRequestDto {
  @ApiProperty() @Matches(ID_PATTERN) paymentId: string;
  @ApiPropertyOptional({ description: 'The order paid; default: the account as a whole' }) @IsOptional() @Matches(ID_PATTERN) orderId?: string;
  @ApiProperty() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0.01) @Max(MAX_AMOUNT) amount: number;
  @ApiProperty({ enum: PAYMENT_METHODS }) @IsIn(PAYMENT_METHODS) method: PaymentMethod;
}
