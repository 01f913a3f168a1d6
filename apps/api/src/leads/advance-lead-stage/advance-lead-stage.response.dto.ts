import { ApiPropertyOptional } from '@nestjs/swagger';
import { CommandResponseDto } from '../../shared/http/command-response.dto';

export class AdvanceLeadStageResponseDto extends CommandResponseDto {
  @ApiPropertyOptional({ type: CommandResponseDto, description: 'When the lead was won: the customer it became (same id). `position` above covers both.' })
  customer?: CommandResponseDto;
}
