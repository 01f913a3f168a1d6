import { Command } from '@nestjs/cqrs';
import { RequestContext } from '../../shared/commands/request-context';
import { ErasePersonalDataRequestDto } from '@app/application/subjects/erase-personal-data.request';
import { ErasureReceiptDto } from './erase-personal-data.response.dto';

export class ErasePersonalDataCommand extends Command<ErasureReceiptDto> {
  constructor(
    readonly subjectId: string,
    readonly body: ErasePersonalDataRequestDto,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
