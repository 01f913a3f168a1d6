import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ProjectionErrorDto {
  @ApiProperty() message: string;
  @ApiProperty() at: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) position: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) eventType: string | null;
}

export class IndexFailureDto {
  @ApiProperty() message: string;
  @ApiProperty() at: string;
}

export class ProjectionRebuildDto {
  @ApiProperty() generation: number;
  @ApiProperty() state: string;
  @ApiProperty() checkpoint: number;
  @ApiProperty({ description: 'Events the rebuild has applied so far (counted)' }) eventsApplied: number;
  @ApiProperty() startedAt: string;
}

export class RebuildOutcomeDto {
  @ApiProperty() generation: number;
  @ApiProperty({ enum: ['swapped', 'failed'] }) outcome: string;
  @ApiPropertyOptional({ nullable: true, type: String }) error: string | null;
  @ApiProperty() finishedAt: string;
}

export class ProjectionStatusDto {
  @ApiProperty({ example: 'pipeline' }) name: string;
  @ApiProperty() version: number;
  @ApiProperty({ description: 'Generation of the live collection; a rebuild writes the next one' }) generation: number;
  @ApiProperty({ enum: ['starting', 'catching_up', 'live', 'retrying', 'failed', 'stopped'] }) state: string;
  @ApiProperty({ description: 'Every event up to this position has been applied' }) checkpoint: number;
  @ApiProperty() headPosition: number;
  @ApiProperty({ description: 'Events of the types this read model reads between its checkpoint and the head, counted (positions are no count); at most 10000' }) lagEvents: number;
  @ApiProperty({ description: 'The count of lagEvents stopped at its limit: at least that many events are waiting' }) lagEventsCapped: boolean;
  @ApiProperty() lagSeconds: number;
  @ApiProperty() eventsPerSecond: number;
  @ApiPropertyOptional({ type: ProjectionErrorDto, nullable: true, description: 'A failed projection stops here and shows why; the others keep running' }) lastError: ProjectionErrorDto | null;
  @ApiPropertyOptional({ type: IndexFailureDto, nullable: true, description: 'The last failure of a report index kept in memory (dropped and built again on next use)' }) lastIndexError: IndexFailureDto | null;
  @ApiPropertyOptional({ type: ProjectionRebuildDto, nullable: true, description: 'A rebuild in progress' }) rebuild: ProjectionRebuildDto | null;
  @ApiPropertyOptional({ type: RebuildOutcomeDto, nullable: true }) lastRebuild: RebuildOutcomeDto | null;
}
