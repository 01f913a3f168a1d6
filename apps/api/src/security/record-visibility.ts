import { Injectable } from '@nestjs/common';
import { complaintsProjection } from '@app/read-models';
import { CommandExecutor } from '../shared/commands/command-executor';
import { AggregateName } from '../shared/commands/aggregates';
import { ReadModels } from '../read-models/read-models.service';
import { notVisible, Ownership, ownsOrManages } from './access-policy';
import { Principal } from './principal';

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
    const record = state as { readonly exists: boolean } & Ownership;
    if (record.exists && !ownsOrManages(caller, record)) throw notVisible(aggregate, id);
  }
}
