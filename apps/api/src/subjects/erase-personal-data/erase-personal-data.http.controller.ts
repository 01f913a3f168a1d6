import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Allow } from '../../security/access.decorators';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { IdPipe } from '../../shared/http/id.pipe';
import { ErasePersonalDataCommand } from './erase-personal-data.command';
import { ErasePersonalDataRequestDto } from '@app/application/subjects/erase-personal-data.request';
import { ErasureReceiptDto } from './erase-personal-data.response.dto';

@ApiTags('subjects')
@Controller('subjects')
export class ErasePersonalDataHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Allow('admin')
  @CommandRoute(
    ':id/erasure',
    200,
    "Erase a data subject's personal data (crypto-shredding)",
    'The subject is a lead or customer id (a won lead and its customer file are one subject; complaints count for their customer). ' +
      'Deletes the subject\'s key, so every personal field of theirs in the log reads "[erased]" from now on, records PersonalDataErased on subject-<id>, ' +
      'and answers once every read model has applied it. Repeating it answers the same receipt with alreadyErased: true. Unknown subject: 404 SUBJECT_NOT_FOUND.',
    ErasureReceiptDto,
  )
  handle(@Param('id', IdPipe) id: string, @Body() body: ErasePersonalDataRequestDto, @Ctx() ctx: RequestContext): Promise<ErasureReceiptDto> {
    return this.commands.execute(new ErasePersonalDataCommand(id, body, ctx));
  }
}
