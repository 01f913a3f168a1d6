import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HistoryEntryDto {
  @ApiProperty() revision: number;
  @ApiProperty({ description: 'Global log position' }) position: number;
  @ApiProperty({ example: 'LeadStageAdvanced' }) type: string;
  @ApiProperty() version: number;
  @ApiProperty({ description: 'Business time: when it happened' }) occurredAt: string;
  @ApiProperty({ description: 'When the system recorded it' }) recordedAt: string;
  @ApiProperty({ description: 'Who issued the command' }) actor: string;
  @ApiProperty() correlationId: string;
  @ApiPropertyOptional({ nullable: true, type: String }) causationId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why, when the event says so (reason, lost reason, override reason)' }) reason: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: unknown;
}

export class RecordHistoryPageDto {
  @ApiProperty({ type: [HistoryEntryDto] }) items: HistoryEntryDto[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}
