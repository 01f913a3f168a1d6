import { requestMapping } from '../command-request';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { ACTIVITY_OUTCOME_CODES, ACTIVITY_TYPES, ActivityOutcomeCode, ActivityType } from '@app/domain/lead';
import { CommandRequestDto } from '../requests/command-request.dto';
import { ID_PATTERN } from '../requests/ids';

export class LogLeadActivityRequestDto extends CommandRequestDto {
  @ApiProperty({ description: 'Chosen by the caller; logging the same id twice records it once' }) @Matches(ID_PATTERN) activityId: string;
  @ApiProperty({ enum: ACTIVITY_TYPES }) @IsIn(ACTIVITY_TYPES) activityType: ActivityType;
  @ApiProperty({ example: 'Met the purchasing head; wants a demo' }) @IsString() @Length(1, 2000) outcome: string;
  @ApiPropertyOptional({ enum: ACTIVITY_OUTCOME_CODES }) @IsOptional() @IsIn(ACTIVITY_OUTCOME_CODES) outcomeCode?: ActivityOutcomeCode;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) notes?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(24 * 60) durationMinutes?: number;
  @ApiPropertyOptional({ description: 'Next follow-up (ISO time); not before the activity' }) @IsOptional() @IsISO8601({ strict: true }) nextFollowUpAt?: string;
}

/** The request as the `LogLeadActivity` command. */
export const logLeadActivity = requestMapping(LogLeadActivityRequestDto, {
  aggregate: 'lead',
  type: 'LogLeadActivity',
  notFromBody: ['leadId'],
  data: (leadId, body) => ({ leadId, activityId: body.activityId, activityType: body.activityType, outcome: body.outcome, outcomeCode: body.outcomeCode, notes: body.notes, durationMinutes: body.durationMinutes, nextFollowUpAt: body.nextFollowUpAt }),
});
