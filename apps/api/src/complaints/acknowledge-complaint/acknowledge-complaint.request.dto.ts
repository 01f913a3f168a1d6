import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { CommandRequestDto } from '../../shared/http/command-request.dto';
import { ID_PATTERN } from '../../shared/http/id.pipe';

export class AcknowledgeComplaintRequestDto extends CommandRequestDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) note?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN) handlerId?: string;
}
