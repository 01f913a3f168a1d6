import { requestMapping } from '../command-request';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { CommandRequestDto } from '../requests/command-request.dto';
import { Nested } from '../requests/party.dto';

export class ManAnswerDto {
  @ApiProperty({ description: 'true: has it (upper case in the MAN class); false: lacks it' }) @IsBoolean() has: boolean;
  @ApiPropertyOptional({ description: 'What the judgement rests on' }) @IsOptional() @IsString() @MaxLength(1000) evidence?: string;
}

export class QualifyLeadRequestDto extends CommandRequestDto {
  @ApiProperty({ type: ManAnswerDto, description: 'Money: able to pay' }) @Nested(() => ManAnswerDto) money: ManAnswerDto;
  @ApiProperty({ type: ManAnswerDto, description: 'Authority: can decide, recommend or veto' }) @Nested(() => ManAnswerDto) authority: ManAnswerDto;
  @ApiProperty({ type: ManAnswerDto, description: 'Need' }) @Nested(() => ManAnswerDto) need: ManAnswerDto;
}

/** The request as the `QualifyLead` command. */
export const qualifyLead = requestMapping(QualifyLeadRequestDto, {
  aggregate: 'lead',
  type: 'QualifyLead',
  notFromBody: ['leadId'],
  data: (leadId, body) => ({ leadId, money: body.money, authority: body.authority, need: body.need }),
});
