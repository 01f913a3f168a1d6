import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { CommandRequestDto } from '../../shared/http/command-request.dto';
import { Nested } from '../../shared/http/party.dto';

export class ManAnswerDto {
  @ApiProperty({ description: 'true: has it (upper case in the MAN class); false: lacks it' }) @IsBoolean() has: boolean;
  @ApiPropertyOptional({ description: 'What the judgement rests on' }) @IsOptional() @IsString() @MaxLength(1000) evidence?: string;
}

export class QualifyLeadRequestDto extends CommandRequestDto {
  @ApiProperty({ type: ManAnswerDto, description: 'Money: able to pay' }) @Nested(() => ManAnswerDto) money: ManAnswerDto;
  @ApiProperty({ type: ManAnswerDto, description: 'Authority: can decide, recommend or veto' }) @Nested(() => ManAnswerDto) authority: ManAnswerDto;
  @ApiProperty({ type: ManAnswerDto, description: 'Need' }) @Nested(() => ManAnswerDto) need: ManAnswerDto;
}
