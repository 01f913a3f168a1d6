import { requestMapping } from '../command-request';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CommandRequestDto } from '../requests/command-request.dto';
import { ID_PATTERN } from '../requests/ids';
import { MAX_AMOUNT, Nested } from '../requests/party.dto';

const Score = (description: string): PropertyDecorator => {
  const decorators = [ApiProperty({ minimum: 1, maximum: 5, description }), IsInt(), Min(1), Max(5)];
  return (target, key) => decorators.forEach((d) => d(target, key));
};

/** The 5C of credit, each scored 1 (poor) to 5 (excellent). */
export class CreditScoresDto {
  @Score('Character: willingness to pay, reputation') character: number;
  @Score('Capacity: ability to pay from operations') capacity: number;
  @Score('Capital: financial strength') capital: number;
  @Score('Collateral: security offered') collateral: number;
  @Score('Conditions: economic and industry conditions') conditions: number;
}

export class AssessCreditRequestDto extends CommandRequestDto {
  @ApiProperty() @Matches(ID_PATTERN) assessmentId: string;
  @ApiProperty({ type: CreditScoresDto }) @Nested(() => CreditScoresDto) scores: CreditScoresDto;
  @ApiProperty({ description: 'The limit asked for; the rating scales it' }) @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(MAX_AMOUNT) requestedLimit: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

/** The request as the `AssessCredit` command. */
export const assessCredit = requestMapping(AssessCreditRequestDto, {
  aggregate: 'customer',
  type: 'AssessCredit',
  notFromBody: ['customerId'],
  data: (customerId, body) => ({ customerId, assessmentId: body.assessmentId, scores: body.scores, requestedLimit: body.requestedLimit, notes: body.notes }),
});
