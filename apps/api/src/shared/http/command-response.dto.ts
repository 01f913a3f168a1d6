import { ApiProperty } from '@nestjs/swagger';

export class CommandResponseDto {
  @ApiProperty({ description: 'Id of the lead, customer or complaint' })
  id: string;

  @ApiProperty({ description: 'Revision of the record after the command; send it as If-Match to make the next command conditional' })
  revision: number;

  @ApiProperty({ description: 'Global log position of the last event; pass it as minPosition to read your own write' })
  position: number;
}
