import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class ErasePersonalDataRequestDto {
  @ApiProperty({ description: 'Why the personal data is erased (a request reference, a legal basis); recorded in the PersonalDataErased event', example: 'Erasure request #2026-114 (PIPL art. 47)' })
  @IsString()
  @Length(1, 1000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}
