import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ID_PATTERN } from '@app/application/requests/ids';
import { Role, ROLES } from '@app/application/principal';

export class IssueApiKeyRequestDto {
  @ApiProperty({ enum: ROLES, description: 'What the key may do (see README, Security)' })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role: Role;

  @ApiPropertyOptional({ description: 'The team the key belongs to (sales_manager: the team it manages)', example: 'north' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'teamId must be 1-64 letters, digits, _ or -' })
  teamId?: string;

  @ApiPropertyOptional({ description: 'The user the key acts for (sales_rep: whose leads it works on); default: the key itself', example: 'rep-7' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'ownerId must be 1-64 letters, digits, _ or -' })
  ownerId?: string;

  @ApiProperty({ description: 'What the key is for', example: 'nightly export to the data warehouse' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  label: string;
}
