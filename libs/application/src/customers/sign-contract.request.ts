import { requestMapping } from '../command-request';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsNumber, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CommandRequestDto } from '../requests/command-request.dto';
import { ID_PATTERN } from '../requests/ids';
import { MAX_AMOUNT } from '../requests/party.dto';

export class SignContractRequestDto extends CommandRequestDto {
  @ApiProperty() @Matches(ID_PATTERN) contractId: string;
  @ApiProperty() @IsString() @Length(1, 200) title: string;
  @ApiProperty() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(MAX_AMOUNT) amount: number;
  @ApiProperty({ example: '2026-11-20' }) @IsISO8601({ strict: true }) signedOn: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) startsOn?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) endsOn?: string;
}

/** The request as the `SignContract` command. */
export const signContract = requestMapping(SignContractRequestDto, {
  aggregate: 'customer',
  type: 'SignContract',
  notFromBody: ['customerId'],
  data: (customerId, body) => ({ customerId, contractId: body.contractId, title: body.title, amount: body.amount, signedOn: body.signedOn, startsOn: body.startsOn, endsOn: body.endsOn }),
});
