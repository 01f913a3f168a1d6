import { requestMapping } from '../command-request';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsISO8601, IsNumber, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CommandRequestDto } from '../requests/command-request.dto';
import { ID_PATTERN } from '../requests/ids';
import { MAX_AMOUNT, Nested } from '../requests/party.dto';

export class OrderItemDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) sku?: string;
  @ApiProperty() @IsString() @Length(1, 500) description: string;
  @ApiProperty() @IsNumber({ maxDecimalPlaces: 3 }) @Min(0.001) @Max(1e9) quantity: number;
  @ApiProperty() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(MAX_AMOUNT) unitPrice: number;
}

export class PlaceOrderRequestDto extends CommandRequestDto {
  @ApiProperty() @Matches(ID_PATTERN) orderId: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN) contractId?: string;
  @ApiProperty({ type: [OrderItemDto] }) @ArrayMinSize(1) @ArrayMaxSize(500) @Nested(() => OrderItemDto, { each: true }) items: OrderItemDto[];
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) dueOn?: string;
  @ApiPropertyOptional({ description: 'Accepts an order beyond the credit limit; the reason is kept' }) @IsOptional() @IsString() @Length(1, 1000) creditOverrideReason?: string;
}

/** The request as the `PlaceOrder` command. */
export const placeOrder = requestMapping(PlaceOrderRequestDto, {
  aggregate: 'customer',
  type: 'PlaceOrder',
  notFromBody: ['customerId'],
  data: (customerId, body) => ({ customerId, orderId: body.orderId, contractId: body.contractId, items: body.items, dueOn: body.dueOn, creditOverrideReason: body.creditOverrideReason }),
});
