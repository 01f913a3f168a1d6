import { Injectable } from '@nestjs/common';
import { complaintsProjection } from '@app/read-models';
import { CommandExecutor } from '@app/application/command-executor';
import { AggregateName, ownershipOf } from '@app/application/aggregates';
import { ReadModels } from '../read-models/read-models.service';
import { notVisible, ownsOrManages } from './access-policy';
import { Principal } from '@app/application/principal';

/**
 * May this caller see this record's history and state? Answered from the record's current owner and
 * team (straight from the log) and, for service agents, the complaints they handle. A record they may
 * not see is 404, like one that does not exist.
 */
@Injectable()
export class RecordVisibility {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly readModels: ReadModels,
  ) {}

  async assertMaySee(caller: Principal, aggregate: AggregateName, id: string): Promise<void> {
    if (caller.role === 'admin' || caller.role === 'auditor' || caller.role === 'analyst') return;
    if (aggregate === 'complaint') {
      if (caller.role !== 'service_agent') throw notVisible('complaint', id);
      return;
    }
    if (aggregate !== 'lead' && aggregate !== 'customer') throw notVisible('lead', id);
    if (caller.role === 'service_agent') {
      const handled = aggregate === 'customer' && (await this.readModels.all(complaintsProjection, { customerId: id, handlerId: caller.id })).length > 0;
      if (!handled) throw notVisible(aggregate, id);
      return;
    }
    const { state } = await this.executor.loadState(aggregate, id);
    const owner = ownershipOf(aggregate, state);
    if (owner && !ownsOrManages(caller, owner)) throw notVisible(aggregate, id);
  }
}
