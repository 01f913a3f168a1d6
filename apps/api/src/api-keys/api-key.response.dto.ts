import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CommandResponseDto } from '../shared/http/command-response.dto';

export class IssueApiKeyResponseDto extends CommandResponseDto {
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The key, shown this once (null on a retried request: it was shown to the first). Send it as X-API-Key.' })
  key: string | null;
}

export class ApiKeyDto {
  @ApiProperty() keyId: string;
  @ApiProperty() role: string;
  @ApiProperty({ nullable: true, type: String }) teamId: string | null;
  @ApiProperty({ nullable: true, type: String }) ownerId: string | null;
  @ApiProperty() label: string;
  @ApiProperty() issuedAt: string;
  @ApiProperty({ description: 'Who issued it' }) issuedBy: string;
  @ApiProperty() revoked: boolean;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] }) items: ApiKeyDto[];
}
