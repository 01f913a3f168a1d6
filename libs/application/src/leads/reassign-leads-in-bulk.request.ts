import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { CommandRequestDto } from '../requests/command-request.dto';
import { ID_PATTERN } from '../requests/ids';

export class ReassignLeadsInBulkRequestDto extends CommandRequestDto {
  @ApiProperty({ description: 'The owner whose open leads move (e.g. a rep who leaves)' }) @Matches(ID_PATTERN) fromOwnerId: string;
  @ApiProperty() @Matches(ID_PATTERN) toOwnerId: string;
  @ApiProperty() @Matches(ID_PATTERN) toTeamId: string;
  @ApiPropertyOptional({ example: 'Rep left the company' }) @IsOptional() @IsString() @Length(1, 1000) reason?: string;
}
