import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { LEAD_SOURCES, LEAD_STAGES, LeadSource, LeadStage, MAN_CLASSES, ManClass } from '@app/domain/lead';
import { ID_PATTERN } from '@app/application/requests/ids';
import { PagedQueryRequestDto } from '../../read-models/query-request.dto';

export const LEAD_SORTS = ['capturedAt', '-capturedAt', 'stageEnteredAt', '-stageEnteredAt', 'nextFollowUpAt', '-nextFollowUpAt', 'expectedAmount', '-expectedAmount'] as const;

export class ListLeadsRequestDto extends PagedQueryRequestDto {
  @ApiPropertyOptional({ enum: LEAD_STAGES }) @IsOptional() @IsIn(LEAD_STAGES) stage?: LeadStage;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN) ownerId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN) teamId?: string;
  @ApiPropertyOptional({ enum: LEAD_SOURCES }) @IsOptional() @IsIn(LEAD_SOURCES) source?: LeadSource;
  @ApiPropertyOptional({ enum: MAN_CLASSES, description: 'e.g. M+A+N (URL-encode + as %2B)' }) @IsOptional() @IsIn(MAN_CLASSES) manClass?: ManClass;
  @ApiPropertyOptional({ description: 'Product of interest' }) @IsOptional() @IsString() @Length(1, 100) product?: string;
  @ApiPropertyOptional({ enum: ['overdue', 'due-today'], description: 'Open leads whose next follow-up is past (overdue), or still ahead today, UTC (due-today); leads whose marketing consent was withdrawn are left out' })
  @IsOptional()
  @IsIn(['overdue', 'due-today'])
  followUp?: 'overdue' | 'due-today';
  @ApiPropertyOptional({ description: 'Part of a name (case-insensitive), or an exact phone number or e-mail address (matched by keyed hash)' }) @IsOptional() @IsString() @Length(1, 100) q?: string;
  @ApiPropertyOptional({ enum: LEAD_SORTS, default: '-capturedAt', description: 'Field to sort by; a leading - sorts descending' })
  @IsOptional()
  @IsIn(LEAD_SORTS)
  sort?: (typeof LEAD_SORTS)[number];
}
