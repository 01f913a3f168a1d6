import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { CommandRequestDto } from '../../shared/http/command-request.dto';

export class ReopenComplaintRequestDto extends CommandRequestDto {
  @ApiProperty() @IsString() @Length(1, 1000) reason: string;
}
