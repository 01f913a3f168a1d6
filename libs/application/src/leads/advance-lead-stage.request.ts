import { requestMapping } from '../command-request';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNumber, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { LEAD_STAGES, LeadStage } from '@app/domain/lead';
import { CommandRequestDto } from '../requests/command-request.dto';
import { MAX_AMOUNT } from '../requests/party.dto';

export class AdvanceLeadStageRequestDto extends CommandRequestDto {
  @ApiProperty({ enum: LEAD_STAGES, description: 'D → C → B → A → won | lost; forward moves may skip stages' }) @IsIn(LEAD_STAGES) to: LeadStage;
  @ApiPropertyOptional({ description: 'Required when moving back, and the lost reason when to = lost' }) @IsOptional() @IsString() @Length(1, 1000) reason?: string;
  @ApiPropertyOptional({ description: 'Required to move an m+a+n lead forward' }) @IsOptional() @IsString() @Length(1, 1000) overrideReason?: string;
  @ApiPropertyOptional({ description: 'Only with to = lost: who won instead' }) @IsOptional() @IsString() @Length(1, 200) competitor?: string;
  @ApiPropertyOptional({ description: 'Required with to = won: the amount won' }) @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(MAX_AMOUNT) amount?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(MAX_AMOUNT) expectedAmount?: number;
  @ApiPropertyOptional({ example: '2027-03-31' }) @IsOptional() @IsISO8601({ strict: true }) expectedCloseDate?: string;
}

/** The request as the `AdvanceLeadStage` command. */
export const advanceLeadStage = requestMapping(AdvanceLeadStageRequestDto, {
  aggregate: 'lead',
  type: 'AdvanceLeadStage',
  notFromBody: ['leadId'],
  data: (leadId, body) => ({ leadId, to: body.to, reason: body.reason, overrideReason: body.overrideReason, competitor: body.competitor, amount: body.amount, expectedAmount: body.expectedAmount, expectedCloseDate: body.expectedCloseDate }),
});
