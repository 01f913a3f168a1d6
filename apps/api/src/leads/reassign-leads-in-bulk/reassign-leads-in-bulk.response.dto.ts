import { ApiProperty } from '@nestjs/swagger';
import { CommandResponseDto } from '../../shared/http/command-response.dto';

export class SkippedLeadDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'OWNER_MISMATCH' }) code: string;
  @ApiProperty() detail: string;
}

export class ReassignLeadsInBulkResponseDto {
  @ApiProperty({ description: 'Id of this bulk reassignment, recorded on every lead it moved' }) id: string;
  @ApiProperty({ description: 'Highest global position written; pass it as minPosition' }) position: number;
  @ApiProperty({ type: [CommandResponseDto] }) moved: CommandResponseDto[];
  @ApiProperty({ type: [SkippedLeadDto], description: 'Leads that changed hands or closed while the move ran' }) skipped: SkippedLeadDto[];
}
