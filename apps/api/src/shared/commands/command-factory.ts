import { Injectable } from '@nestjs/common';
import { Command } from '@app/domain/shared';
import { ApiProblem } from '../http/api-problem';
import { AggregateName } from './aggregates';
import { Clock } from './clock';
import { CommandOptions } from './execute-domain.command';
import { RequestContext } from './request-context';

/** Turns an HTTP body into a domain command: one place for time, actor and the expected revision. */
@Injectable()
export class CommandFactory {
  constructor(private readonly clock: Clock) {}

  create(aggregate: AggregateName, id: string, type: string, body: CommandOptions & object, ctx: RequestContext): Command {
    const { occurredAt, expectedRevision: _ignored, ...data } = body as CommandOptions & Record<string, unknown>;
    const now = this.clock.now();
    return { type, data: { ...data, [`${aggregate}Id`]: id }, context: { occurredAt: occurredAt ? new Date(occurredAt).toISOString() : now, now, actor: ctx.actor } };
  }

  /** If-Match and `expectedRevision` mean the same; both given and different is a contradiction. */
  expectedRevision(body: CommandOptions, ctx: RequestContext): number | undefined {
    if (ctx.ifMatch !== undefined && body.expectedRevision !== undefined && ctx.ifMatch !== body.expectedRevision) {
      throw ApiProblem.badRequest('If-Match and expectedRevision disagree', [{ field: 'expectedRevision', messages: [`must equal If-Match (${ctx.ifMatch}) when both are given`] }]);
    }
    return ctx.ifMatch ?? body.expectedRevision;
  }
}
