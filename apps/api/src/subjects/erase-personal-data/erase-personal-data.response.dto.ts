import { ApiProperty } from '@nestjs/swagger';

/** What an erasure did: the proof an administrator keeps. */
export class ErasureReceiptDto {
  @ApiProperty() subjectId: string;

  @ApiProperty({ description: 'When the subject\'s key was deleted (the first erasure\'s time when repeated)' }) erasedAt: string;

  @ApiProperty({ description: 'Log position of the PersonalDataErased event (stream subject-<id>); every read model has applied it' }) position: number;

  @ApiProperty({ description: 'The subject\'s key is gone: nothing encrypted under it can be read again' }) keyDeleted: true;

  @ApiProperty({ description: 'True when the subject had been erased before; nothing was changed now' }) alreadyErased: boolean;

  @ApiProperty({ type: [String], description: 'Streams whose events held the subject\'s personal data; it now reads "[erased]" there' }) streams: string[];

  @ApiProperty({ type: [String], description: 'Read models that held documents of the subject, now scrubbed' }) readModels: string[];

  @ApiProperty({ description: 'Idempotency records of the subject\'s requests that were cleared' }) idempotencyRecords: number;
}
