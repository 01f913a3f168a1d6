import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PAYMENT_METHODS, PaymentMethod } from '@app/domain/shared';
import { CommandRequestDto } from './command-request.dto';
import { MAX_AMOUNT } from './party.dto';

/** Paying the reward a referrer (a lead or a customer) is owed. */
export class PayReferralRewardRequestDto extends CommandRequestDto {
  @ApiPropertyOptional({ description: 'Defaults to the amount owed; any other amount is refused' }) @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0.01) @Max(MAX_AMOUNT) amount?: number;
  @ApiPropertyOptional({ enum: PAYMENT_METHODS }) @IsOptional() @IsIn(PAYMENT_METHODS) method?: PaymentMethod;
  @ApiPropertyOptional({ description: 'The payment’s own reference, e.g. a transfer number' }) @IsOptional() @IsString() @Length(1, 200) reference?: string;
}
