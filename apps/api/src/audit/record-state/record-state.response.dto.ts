import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class RecordStateDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Revision of the last event applied' }) revision: number;
  @ApiProperty({ description: 'Global position of the last event applied' }) position: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The asOf time asked for, if any' }) asOf: string | null;
  @ApiProperty({ description: 'Business time of the last event applied' }) lastOccurredAt: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The aggregate as it stood: the state its commands were decided on (a lead's and a complaint's hold no personal data; see the history for those)" }) state: unknown;
}
