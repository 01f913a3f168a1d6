import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { READ_SETTINGS, ReadSettings } from '../../read-models/read.settings';
import { PersonalDataVault } from '@app/event-store';
import { ProjectionRunner } from '@app/projection-engine';
import { Clock } from '@app/application/clock';
import { CommandExecutor } from '@app/application/command-executor';
import { CommandFactory } from '@app/application/command-request';
import { ApiProblem } from '../../shared/http/api-problem';
import { PersonalDataScrubber } from '../personal-data-scrubber';
import { ErasePersonalDataCommand } from './erase-personal-data.command';
import { ErasureReceiptDto } from './erase-personal-data.response.dto';

/**
 * Crypto-shredding: deletes the subject's key first (from then on nothing of theirs can be read),
 * then records PersonalDataErased, waits until every read model has applied it, and has the
 * stores beside the log scrubbed, so the receipt states what is true. Repeating it, also after a
 * crash between the two steps, completes the erasure and answers the same receipt.
 */
@CommandHandler(ErasePersonalDataCommand)
export class ErasePersonalDataHandler implements ICommandHandler<ErasePersonalDataCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly factory: CommandFactory,
    private readonly personalData: PersonalDataVault,
    private readonly runner: ProjectionRunner,
    private readonly scrubber: PersonalDataScrubber,
    private readonly clock: Clock,
    @Inject(READ_SETTINGS.token) private readonly config: ReadSettings,
  ) {}

  async execute({ subjectId, body, ctx }: ErasePersonalDataCommand): Promise<ErasureReceiptDto> {
    const recorded = await this.executor.load('subject', subjectId);
    const earlier = recorded.state.erased;
    const shredded = await this.personalData.erase(subjectId, this.clock.now());
    if (shredded.status === 'unknown' && !earlier) {
      throw ApiProblem.notFound('SUBJECT_NOT_FOUND', `No personal data of subject ${subjectId} is on record.`, { subjectId });
    }
    let erasure = { position: recorded.position, data: earlier, appended: false };
    if (!earlier && shredded.status !== 'unknown') {
      const data = { subjectId, reason: body.reason, erasedAt: shredded.erasedAt, streams: shredded.streams };
      const outcome = await this.executor.execute(this.factory.create({ aggregate: 'subject', id: subjectId, command: { type: 'ErasePersonalData', data } }, ctx));
      erasure = { position: outcome.position, data: outcome.state.erased, appended: outcome.events.length > 0 };
    }
    const { erasedAt, streams } = erasure.data!;
    if (!(await this.runner.waitFor(this.runner.projections, erasure.position, this.config.readWaitTimeoutMs))) {
      // The key is gone and the erasure recorded; repeating the request answers the receipt once the read models caught up.
      throw new ApiProblem('READ_MODEL_BEHIND', `The erasure is recorded at position ${erasure.position}, but the read models have not applied it yet; repeat the request shortly for the receipt.`, { position: erasure.position }, { 'Retry-After': '1' });
    }
    const scrubbed = await this.scrubber.scrub(subjectId);
    return {
      subjectId,
      erasedAt,
      position: erasure.position,
      keyDeleted: true,
      alreadyErased: !erasure.appended,
      streams: [...streams],
      readModels: [...scrubbed.readModels],
      idempotencyRecords: scrubbed.idempotencyRecords,
    };
  }
}
