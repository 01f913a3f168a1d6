import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { CommandRequestDto } from '../../shared/http/command-request.dto';
import { ID_PATTERN } from '../../shared/http/id.pipe';

export class ReassignLeadRequestDto extends CommandRequestDto {
  @ApiProperty() @Matches(ID_PATTERN) toOwnerId: string;
  @ApiProperty() @Matches(ID_PATTERN) toTeamId: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 1000) reason?: string;
}
