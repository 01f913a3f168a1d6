import { requestMapping } from '../command-request';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { CommandRequestDto } from '../requests/command-request.dto';
import { MAX_AMOUNT } from '../requests/party.dto';

export class ResolveComplaintRequestDto extends CommandRequestDto {
  @ApiProperty() @IsString() @Length(1, 4000) resolution: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(MAX_AMOUNT) compensationAmount?: number;
}

/** The request as the `ResolveComplaint` command. */
export const resolveComplaint = requestMapping(ResolveComplaintRequestDto, {
  aggregate: 'complaint',
  type: 'ResolveComplaint',
  notFromBody: ['complaintId'],
  data: (complaintId, body) => ({ complaintId, resolution: body.resolution, compensationAmount: body.compensationAmount }),
});
