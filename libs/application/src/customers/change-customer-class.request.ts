import { requestMapping } from '../command-request';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { CUSTOMER_CLASSES, CustomerClass } from '@app/domain/customer';
import { CommandRequestDto } from '../requests/command-request.dto';

export class ChangeCustomerClassRequestDto extends CommandRequestDto {
  @ApiProperty({ enum: CUSTOMER_CLASSES }) @IsIn(CUSTOMER_CLASSES) to: CustomerClass;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 1000) reason?: string;
}

/** The request as the `ChangeCustomerClass` command. */
export const changeCustomerClass = requestMapping(ChangeCustomerClassRequestDto, {
  aggregate: 'customer',
  type: 'ChangeCustomerClass',
  notFromBody: ['customerId'],
  data: (customerId, body) => ({ customerId, to: body.to, reason: body.reason }),
});
