import { ApiProblem } from '../shared/http/api-problem';
import { assertMayAssign, mayChange, ownershipFilter, ownsOrManages } from './access-policy';
import { Principal } from './principal';

const rep: Principal = { id: 'rep-n', role: 'sales_rep', team: 'north', via: 'api-key' };
const manager: Principal = { id: 'mgr-n', role: 'sales_manager', team: 'north', via: 'jwt' };
const agent: Principal = { id: 'agent-1', role: 'service_agent', via: 'jwt' };
const admin: Principal = { id: 'root', role: 'admin', via: 'api-key' };
const refusal = (run: () => void) => {
  try {
    run();
    return 'allowed';
  } catch (error) {
    return error instanceof ApiProblem ? `${error.status} ${error.code} ${JSON.stringify(error.extra.errors ?? [])}` : String(error);
  }
};

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

  it('refuses assigning records outside the scope (mass assignment), naming the field', () => {
    expect(refusal(() => assertMayAssign(rep, { ownerId: 'rep-n', teamId: 'north' }))).toBe('allowed');
    expect(refusal(() => assertMayAssign(rep, { ownerId: 'rep-s', teamId: 'south' }))).toBe('403 FORBIDDEN [{"field":"ownerId","messages":["not yours to assign"]},{"field":"teamId","messages":["not yours to assign"]}]');
    expect(refusal(() => assertMayAssign(manager, { toOwnerId: 'rep-x', toTeamId: 'north' }))).toBe('allowed');
    expect(refusal(() => assertMayAssign(manager, { toTeamId: 'south' }))).toBe('403 FORBIDDEN [{"field":"toTeamId","messages":["not yours to assign"]}]');
    expect(refusal(() => assertMayAssign(admin, { ownerId: 'anyone', teamId: 'anywhere' }))).toBe('allowed');
  });

  it('a command may change own leads and customers and any complaint; new records pass to the decider; an assignment out of scope is refused', () => {
    expect(mayChange(rep, 'lead', { exists: true, ...foreign }, {})).toBe(false);
    expect(mayChange(rep, 'customer', { exists: true, ...foreign }, {})).toBe(false);
    expect(mayChange(rep, 'lead', { exists: true, ...own }, {})).toBe(true);
    expect(mayChange(rep, 'lead', { exists: false }, { ownerId: 'rep-n', teamId: 'north' })).toBe(true);
    expect(mayChange(agent, 'complaint', { exists: true }, {})).toBe(true);
    expect(mayChange(rep, 'lead', { exists: true, ...foreign }, { ownerId: 'rep-s' })).toBe(false);
    expect(refusal(() => mayChange(rep, 'lead', { exists: false }, { ownerId: 'rep-s' }))).toBe('403 FORBIDDEN [{"field":"ownerId","messages":["not yours to assign"]}]');
  });
});
