import { ApiPropertyOptional } from '@nestjs/swagger';
import { CommandResponseDto } from '../../shared/http/command-response.dto';

export class RegisterWebhookResponseDto extends CommandResponseDto {
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'The signing secret, shown this once (null on a retried request: it was shown to the first). Deliveries carry X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>',
  })
  secret: string | null;
}
