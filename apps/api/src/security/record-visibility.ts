import { Injectable } from '@nestjs/common';
import { CommandExecutor } from '@app/application/command-executor';
import { AggregateName, ownershipOf } from '@app/application/aggregates';
import { notVisible, ownsOrManages } from './access-policy';
import { Principal } from '@app/application/principal';

/**
 * May this caller see this record's history and state? Answered from the record's current owner and
 * team (straight from the log); service agents see the history of complaints, never of leads or
 * customers. A record they may not see is 404, like one that does not exist.
 */
@Injectable()
export class RecordVisibility {
  constructor(private readonly executor: CommandExecutor) {}

  async assertMaySee(caller: Principal, aggregate: AggregateName, id: string): Promise<void> {
    if (caller.role === 'admin' || caller.role === 'auditor' || caller.role === 'analyst') return;
    if (aggregate === 'complaint') {
      if (caller.role !== 'service_agent') throw notVisible('complaint', id);
      return;
    }
    if (aggregate !== 'lead' && aggregate !== 'customer') throw notVisible('lead', id);
    // A customer's history and state are the whole file (orders, payments, credit): a service agent
    // sees only the part of it a complaint needs, in GET /customers/{id}.
    if (caller.role === 'service_agent') throw notVisible(aggregate, id);
    const { state } = await this.executor.loadState(aggregate, id);
    const owner = ownershipOf(aggregate, state);
    if (owner && !ownsOrManages(caller, owner)) throw notVisible(aggregate, id);
  }
}
