import { IsIn, IsOptional, IsString } from 'class-validator';
import { CommandFactory, requestMapping } from './command-request';
import { reopenLead } from './leads/reopen-lead.request';
import { CommandOptions } from './write-context';

class ReopenBody implements CommandOptions {
  @IsIn(['C', 'B']) to: 'C' | 'B';
  @IsString() reason: string;
  @IsOptional() occurredAt?: string;
  @IsOptional() expectedRevision?: number;
}
class ReopenBodyWithoutReason implements CommandOptions {
  @IsIn(['C', 'B']) to: 'C' | 'B';
  @IsOptional() occurredAt?: string;
}

const body = Object.assign(new ReopenBody(), { to: 'C', reason: 'asked again', occurredAt: '2026-03-01T08:00:00Z', expectedRevision: 4 });

describe('a use case maps its request to its command', () => {
  it('with the data the decider takes, the record id filled in, optional fields left out rather than undefined', () => {
    const request = reopenLead('L-1', body);
    expect(request).toEqual({
      aggregate: 'lead',
      id: 'L-1',
      command: { type: 'ReopenLead', data: { leadId: 'L-1', to: 'C', reason: 'asked again' } },
      options: { occurredAt: '2026-03-01T08:00:00Z', expectedRevision: 4 },
    });
    expect(Object.keys(requestMapping(ReopenBody, { aggregate: 'lead', type: 'AdvanceLeadStage', notFromBody: ['leadId', 'overrideReason', 'competitor', 'amount', 'expectedAmount', 'expectedCloseDate'], data: (leadId, b) => ({ leadId, to: b.to, reason: undefined }) })('L-1', body).command.data)).toEqual(['leadId', 'to']);
  });

  it('and the factory adds business time, handling time and actor', () => {
    const factory = new CommandFactory({ now: () => '2026-03-02T10:00:00.000Z' });
    const run = factory.create(reopenLead('L-1', body), { actor: 'rep-1', correlationId: 'c', causationId: 'c' });
    expect(run.command.context).toEqual({ occurredAt: '2026-03-01T08:00:00.000Z', now: '2026-03-02T10:00:00.000Z', actor: 'rep-1' });
    expect(run.expectedRevision).toBe(4);
    expect(factory.create(reopenLead('L-1', { ...body, occurredAt: undefined }), { actor: 'rep-1', correlationId: 'c', causationId: 'c' }).command.context.occurredAt).toBe('2026-03-02T10:00:00.000Z');
  });

  it('and the compiler refuses a mapping that drifts from the command (checked by the type check of this file)', () => {
    const mappings = [
      // @ts-expect-error a field of the command's data the request body does not declare
      requestMapping(ReopenBodyWithoutReason, { aggregate: 'lead', type: 'ReopenLead', notFromBody: ['leadId'], data: (leadId, b) => ({ leadId, to: b.to, reason: 'x' }) }),
      // @ts-expect-error a field renamed on one side
      requestMapping(ReopenBody, { aggregate: 'lead', type: 'ReopenLead', notFromBody: ['leadId'], data: (leadId, b) => ({ leadId, to: b.to, why: b.reason }) }),
      // @ts-expect-error a command the aggregate does not have
      requestMapping(ReopenBody, { aggregate: 'lead', type: 'ReopenComplaint', notFromBody: ['leadId'], data: (leadId, b) => ({ leadId, reason: b.reason }) }),
      // @ts-expect-error an optional field of the command (AdvanceLeadStage's `amount`…) the body does not declare
      requestMapping(ReopenBody, { aggregate: 'lead', type: 'AdvanceLeadStage', notFromBody: ['leadId'], data: (leadId, b) => ({ leadId, to: b.to }) }),
    ];
    expect(mappings).toHaveLength(4);
  });
});
