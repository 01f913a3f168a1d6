import { CommandOf, StateOf } from '@app/application/aggregates';
import { assignmentRefusal, CommandAccessPolicy, ownershipFilter, ownsOrManages } from './access-policy';
import { Principal } from '@app/application/principal';

const rep: Principal = { id: 'rep-n', role: 'sales_rep', team: 'north', via: 'api-key' };
const manager: Principal = { id: 'mgr-n', role: 'sales_manager', team: 'north', via: 'jwt' };
const agent: Principal = { id: 'agent-1', role: 'service_agent', via: 'jwt' };
const admin: Principal = { id: 'root', role: 'admin', via: 'api-key' };
describe('access policy', () => {
  const own = { ownerId: 'rep-n', teamId: 'north' };
  const teammate = { ownerId: 'rep-x', teamId: 'north' };
  const foreign = { ownerId: 'rep-s', teamId: 'south' };

  it('reps own their records, managers their team, agents none; admins, auditors and analysts all', () => {
    expect([own, teammate, foreign].map((r) => ownsOrManages(rep, r))).toEqual([true, false, false]);
    expect([own, teammate, foreign].map((r) => ownsOrManages(manager, r))).toEqual([true, true, false]);
    expect([own, teammate, foreign].map((r) => ownsOrManages(agent, r))).toEqual([false, false, false]);
    expect([own, foreign].map((r) => ownsOrManages(admin, r))).toEqual([true, true]);
    expect(ownsOrManages({ ...manager, team: undefined }, { teamId: undefined })).toBe(false);
  });

  it('cuts lists to the scope', () => {
    expect([rep, manager, agent, admin].map(ownershipFilter)).toEqual([{ ownerId: 'rep-n' }, { teamId: 'north' }, { none: true }, undefined]);
  });

  const assignment = (caller: Principal, data: Record<string, unknown>) => {
    const refused = assignmentRefusal(caller, data);
    return refused ? `${refused.kind} ${refused.code} ${JSON.stringify(refused.details.errors)}` : 'allowed';
  };

  it('refuses assigning records outside the scope (mass assignment), naming the field', () => {
    expect(assignment(rep, { ownerId: 'rep-n', teamId: 'north' })).toBe('allowed');
    expect(assignment(rep, { ownerId: 'rep-s', teamId: 'south' })).toBe('forbidden FORBIDDEN [{"field":"ownerId","messages":["not yours to assign"]},{"field":"teamId","messages":["not yours to assign"]}]');
    expect(assignment(manager, { toOwnerId: 'rep-x', toTeamId: 'north' })).toBe('allowed');
    expect(assignment(manager, { toTeamId: 'south' })).toBe('forbidden FORBIDDEN [{"field":"toTeamId","messages":["not yours to assign"]}]');
    expect(assignment(admin, { ownerId: 'anyone', teamId: 'anywhere' })).toBe('allowed');
  });

  it('a command may change own leads and customers and any complaint; new records pass to the decider; an assignment out of scope is refused', () => {
    const policy = new CommandAccessPolicy();
    // Only what ownership reads of a state matters here.
    const lead = (state: object) => state as StateOf<'lead'>;
    const customer = (state: object) => state as StateOf<'customer'>;
    const now = { occurredAt: '2026-01-01T00:00:00.000Z', now: '2026-01-01T00:00:00.000Z', actor: 'x' };
    const reassign = (data: object) => ({ type: 'ReassignLead', data: { leadId: 'l', toOwnerId: 'rep-n', toTeamId: 'north', ...data }, context: now }) as CommandOf<'lead'>;
    const note = reassign({});
    const verdict = (v: ReturnType<CommandAccessPolicy['verdict']>) => (typeof v === 'string' ? v : `${v.kind} ${v.code}`);
    expect(verdict(policy.verdict(rep, 'lead', lead({ exists: true, ...foreign }), note))).toBe('out_of_scope');
    expect(verdict(policy.verdict(rep, 'customer', customer({ exists: true, ...foreign }), { type: 'ChangeCustomerClass', data: { customerId: 'c', to: 'vip' }, context: now } as CommandOf<'customer'>))).toBe('out_of_scope');
    expect(verdict(policy.verdict(rep, 'lead', lead({ exists: true, ...own }), note))).toBe('allowed');
    expect(verdict(policy.verdict(rep, 'lead', lead({ exists: false }), reassign({})))).toBe('allowed');
    const acknowledge = (data: object) => ({ type: 'AcknowledgeComplaint', data: { complaintId: 'k', ...data }, context: now }) as CommandOf<'complaint'>;
    expect(verdict(policy.verdict(agent, 'complaint', {} as StateOf<'complaint'>, acknowledge({})))).toBe('allowed');
    // An agent may take a complaint, not hand it to someone else.
    expect(verdict(policy.verdict(agent, 'complaint', {} as StateOf<'complaint'>, acknowledge({ handlerId: agent.id })))).toBe('allowed');
    expect(verdict(policy.verdict(agent, 'complaint', {} as StateOf<'complaint'>, acknowledge({ handlerId: 'someone-else' })))).toBe('forbidden FORBIDDEN');
    expect(verdict(policy.verdict(rep, 'lead', lead({ exists: true, ...foreign }), reassign({ toOwnerId: 'rep-s' })))).toBe('out_of_scope');
    expect(verdict(policy.verdict(rep, 'lead', lead({ exists: false }), reassign({ toOwnerId: 'rep-s' })))).toBe('forbidden FORBIDDEN');
  });
});
