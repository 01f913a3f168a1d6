import { complaintDecider } from '@app/domain/complaint';
import { customerDecider } from '@app/domain/customer';
import { LEAD_SOURCES, leadDecider, MAN_CLASSES } from '@app/domain/lead';
import { Command, Decider, DomainEvent, isRefusal, StreamCategory, streamName } from '@app/domain/shared';
import { generateHistory, HistoryOptions, PlannedCommand } from './demo-history';

const DECIDERS = { lead: leadDecider, customer: customerDecider, complaint: complaintDecider } as unknown as Record<
  StreamCategory,
  Decider<Command, unknown, DomainEvent>
>;

const OPTIONS: HistoryOptions = { seed: 42, leads: 300, start: '2026-01-01', end: '2026-11-23T00:00:00.000Z' };

interface Replayed {
  readonly planned: PlannedCommand[];
  readonly refusals: string[];
  /** Planned commands whose `events` are not what the deciders return here. */
  readonly otherEvents: string[];
  /** Every event the deciders produced, with the stream it belongs to. */
  readonly events: { stream: string; event: DomainEvent }[];
}

/** Executes the history as the app would (fold the stream, decide, append), without storage. */
const replay = (options: HistoryOptions): Replayed => {
  const states = new Map<string, unknown>();
  const planned: PlannedCommand[] = [];
  const refusals: string[] = [];
  const otherEvents: string[] = [];
  const events: Replayed['events'] = [];
  for (const next of generateHistory(options)) {
    planned.push(next);
    const decider = DECIDERS[next.aggregate];
    const stream = streamName(next.aggregate, next.id);
    const state = states.has(stream) ? states.get(stream) : decider.initialState;
    const decision = decider.decide(next.command, state);
    if (isRefusal(decision)) {
      refusals.push(`${next.command.type} on ${stream}: ${decision.code} ${decision.message}`);
      continue;
    }
    states.set(stream, decision.reduce((s, e) => decider.evolve(s, e), state));
    events.push(...decision.map((event) => ({ stream, event })));
    if (JSON.stringify(next.events) !== JSON.stringify(decision)) otherEvents.push(`${next.command.type} on ${stream} (${next.key})`);
  }
  return { planned, refusals, otherEvents, events };
};

const data = (event: DomainEvent) => event.data as Record<string, unknown>;
const ofType = (replayed: Replayed, type: string) => replayed.events.filter((e) => e.event.type === type).map((e) => data(e.event));
const countBy = <T>(items: readonly T[], key: (item: T) => unknown): Map<unknown, number> => {
  const counts = new Map<unknown, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};

describe('generateHistory', () => {
  const history = replay(OPTIONS);

  it('plans only commands the real deciders accept', () => {
    expect(history.planned.length).toBeGreaterThan(2000);
    expect(history.refusals).toEqual([]);
  });

  it('gives each command the events the deciders return for it on its stream, the bulk reassignment of stalled leads included', () => {
    expect(history.otherEvents).toEqual([]);
    expect(history.planned.filter((p) => p.command.type === 'ReassignLead').every((p) => p.events.length === 1)).toBe(true);
    expect(history.planned.some((p) => p.command.type === 'ReassignLead')).toBe(true);
  });

  it('plans in order of business time, inside the period, with the simulated time as now and unique keys', () => {
    const times = history.planned.map((p) => Date.parse(p.command.context.occurredAt));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse(OPTIONS.start));
    expect(Math.max(...times)).toBeLessThan(Date.parse(OPTIONS.end));
    expect(history.planned.every((p) => p.command.context.now === p.command.context.occurredAt && p.command.context.actor !== '')).toBe(true);
    expect(new Set(history.planned.map((p) => p.key)).size).toBe(history.planned.length);
    // Every command names its own aggregate's id, as the API's command factory does.
    expect(history.planned.every((p) => (p.command.data as Record<string, unknown>)[`${p.aggregate}Id`] === p.id)).toBe(true);
  });

  it('is the same history for the same seed and options, and another for another seed', () => {
    expect(replay(OPTIONS).planned).toEqual(history.planned);
    const other = [...generateHistory({ ...OPTIONS, seed: 43 })];
    expect(other).not.toEqual(history.planned);
    expect(other.map((p) => p.id)).not.toEqual(expect.arrayContaining([history.planned[0].id]));
  });

  it('captures exactly the leads asked for, from every source, across 8+ reps in 3 teams', () => {
    const captured = ofType(history, 'LeadCaptured');
    expect(captured).toHaveLength(OPTIONS.leads);
    const sources = countBy(captured, (d) => d.source);
    expect([...sources.keys()].sort()).toEqual([...LEAD_SOURCES].sort());
    for (const common of ['referral', 'telemarketing', 'web', 'trade_show']) expect(sources.get(common)!).toBeGreaterThan(sources.get('market_consultation')!);
    expect(new Set(captured.map((d) => d.ownerId)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(captured.map((d) => d.teamId))).toEqual(new Set(['team-east', 'team-north', 'team-south']));
    expect(new Set(captured.map((d) => d.kind))).toEqual(new Set(['person', 'organisation']));
  });

  it('qualifies with every MAN class, mostly M+A+N, and moves m+a+n leads no further', () => {
    const qualified = ofType(history, 'LeadQualified');
    const classes = countBy(qualified, (d) => d.manClass);
    expect([...classes.keys()].sort()).toEqual([...MAN_CLASSES].sort());
    expect(classes.get('M+A+N')).toBe(Math.max(...classes.values()));
    expect(qualified.some((d) => d.previousManClass !== null)).toBe(true);
    const stopped = new Set(qualified.filter((d) => d.manClass === 'm+a+n').map((d) => d.leadId));
    const forward = ofType(history, 'LeadStageAdvanced').filter((d) => stopped.has(d.leadId) && d.to !== 'lost');
    expect(forward).toEqual([]);
  });

  it('has the funnel shape of DOMAIN §3: most leads in D/C, fewer in B/A, a fifth to a third of the closed ones won', () => {
    const stageOf = new Map<unknown, unknown>();
    for (const d of ofType(history, 'LeadCaptured')) stageOf.set(d.leadId, 'D');
    for (const e of history.events) {
      if (e.event.type === 'LeadStageAdvanced' || e.event.type === 'LeadReopened') stageOf.set(data(e.event).leadId, data(e.event).to);
    }
    const stages = countBy([...stageOf.values()], (s) => s);
    const n = (stage: string) => stages.get(stage) ?? 0;
    expect(n('D') + n('C')).toBeGreaterThan(n('B') + n('A'));
    expect(n('B') + n('A')).toBeGreaterThan(0);
    const wonShare = n('won') / (n('won') + n('lost'));
    expect(wonShare).toBeGreaterThanOrEqual(0.15);
    expect(wonShare).toBeLessThanOrEqual(0.35);
    const history2 = ofType(history, 'LeadStageAdvanced');
    expect(history2.some((d) => d.direction === 'backward')).toBe(true);
    expect(ofType(history, 'LeadReopened').length).toBeGreaterThan(0);
  });

  it('logs activities, calls and visits first, with follow-ups some of which nobody kept', () => {
    const activities = ofType(history, 'LeadActivityLogged');
    const types = countBy(activities, (d) => d.activityType);
    const top = [...types.entries()].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([type]) => type);
    expect(top.sort()).toEqual(['call', 'visit']);
    // The latest follow-up of a lead still open, already past at the end of the period: overdue.
    const latest = new Map<unknown, unknown>();
    for (const d of activities) latest.set(d.leadId, d.nextFollowUpAt);
    const overdue = [...latest.values()].filter((at) => typeof at === 'string' && Date.parse(at) < Date.parse(OPTIONS.end));
    expect(overdue.length).toBeGreaterThan(10);
  });

  it('makes every won lead a customer of the same id, and rewards referrers, in chains', () => {
    const won = ofType(history, 'LeadStageAdvanced').filter((d) => d.to === 'won');
    const registered = ofType(history, 'CustomerRegistered');
    expect(registered.map((d) => d.customerId).sort()).toEqual(won.map((d) => d.leadId).sort());
    expect(registered.every((d) => d.fromLeadId === d.customerId)).toBe(true);

    const captured = ofType(history, 'LeadCaptured');
    const referredBy = new Map(captured.filter((d) => d.referredBy).map((d) => [d.leadId, d.referredBy as { kind: string; id: string }]));
    expect(referredBy.size).toBeGreaterThan(20);
    expect(new Set([...referredBy.values()].map((r) => r.kind))).toEqual(new Set(['lead', 'customer']));
    // A chain: someone referred by a lead or customer that was itself referred.
    expect([...referredBy.values()].some((r) => referredBy.has(r.id))).toBe(true);

    const owed = ofType(history, 'ReferralRewardOwed');
    const referredWon = won.filter((d) => referredBy.has(d.leadId));
    expect(owed.map((d) => d.referredLeadId).sort()).toEqual(referredWon.map((d) => d.leadId).sort());
    expect(owed.every((d) => d.rewardId === `referral-${d.referredLeadId}`)).toBe(true);
    expect(ofType(history, 'ReferralRewardPaid').length).toBeGreaterThan(0);
  });

  it('keeps customer files: credit, identity, contracts, orders, payments with some outstanding, returns and discounts', () => {
    for (const type of ['CreditAssessed', 'IdentityVerified', 'ContractSigned', 'OrderPlaced', 'PaymentReceived', 'CustomerProfileUpdated', 'CustomerClassChanged']) {
      expect([type, ofType(history, type).length > 0]).toEqual([type, true]);
    }
    const ratings = new Set(ofType(history, 'CreditAssessed').map((d) => d.rating));
    expect(ratings.size).toBeGreaterThanOrEqual(3);
    const invoiced = ofType(history, 'OrderPlaced').reduce((sum, d) => sum + (d.amount as number), 0);
    const settled = ['PaymentReceived', 'ReturnRecorded', 'DiscountGranted'].flatMap((type) => ofType(history, type)).reduce((sum, d) => sum + (d.amount as number), 0);
    expect(settled).toBeLessThan(invoiced);
    expect(settled).toBeGreaterThan(invoiced / 2);
  });

  it('has returns and discounts in a larger history', () => {
    const larger = replay({ ...OPTIONS, leads: 1500, seed: 7 });
    expect(larger.refusals).toEqual([]);
    expect(ofType(larger, 'ReturnRecorded').length).toBeGreaterThan(0);
    expect(ofType(larger, 'DiscountGranted').length).toBeGreaterThan(0);
    expect(ofType(larger, 'ComplaintDeadlineMissed').length).toBeGreaterThan(0);
    expect(ofType(larger, 'LeadReassigned').every((d) => d.fromOwnerId === 'rep-huang' && d.bulkReassignmentId)).toBe(true);
    expect(ofType(larger, 'LeadReassigned').length).toBeGreaterThan(0);
  });

  it('handles complaints: categories, safety escalations with a deadline, resolutions, reopenings and satisfaction', () => {
    const logged = ofType(history, 'ComplaintLogged');
    expect(logged.length).toBeGreaterThan(5);
    expect(new Set(logged.map((d) => d.category)).size).toBeGreaterThanOrEqual(4);
    const customers = new Set(ofType(history, 'CustomerRegistered').map((d) => d.customerId));
    expect(logged.every((d) => customers.has(d.customerId))).toBe(true);
    expect(ofType(history, 'ComplaintAcknowledged').length).toBeGreaterThan(logged.length / 2);
    expect(ofType(history, 'ComplaintResolved').length).toBeGreaterThan(logged.length / 2);
    const satisfaction = ofType(history, 'SatisfactionRecorded');
    expect(satisfaction.length).toBeGreaterThan(0);
    expect(satisfaction.every((d) => typeof d.likelihoodToRecommend === 'number' && d.gap === (d.perceivedService as number) - (d.expectedService as number))).toBe(true);
  });

  it('has safety complaints escalated with a tracking number and reopened complaints in a larger history', () => {
    const larger = replay({ ...OPTIONS, leads: 1000, seed: 11 });
    expect(larger.refusals).toEqual([]);
    const safety = ofType(larger, 'ComplaintEscalated').filter((d) => d.safetyRelated);
    expect(safety.length).toBeGreaterThan(0);
    expect(safety.every((d) => typeof d.trackingNumber === 'string' && typeof d.deadline === 'string')).toBe(true);
    expect(ofType(larger, 'ComplaintReopened').length).toBeGreaterThan(0);
  });

  it('streams: the first commands of a million-lead history come without planning the rest', () => {
    const started = process.hrtime.bigint();
    const iterator = generateHistory({ ...OPTIONS, leads: 1_000_000 });
    let taken = 0;
    for (let next = iterator.next(); !next.done && taken < 1000; next = iterator.next()) taken++;
    expect(taken).toBe(1000);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000);
  });

  it('stops at the end of the period, and refuses options that make no sense', () => {
    const short = [...generateHistory({ seed: 1, leads: 20, start: '2026-03-02', end: '2026-03-05T12:00:00Z' })];
    expect(short.filter((p) => p.command.type === 'CaptureLead')).toHaveLength(20);
    expect(short.every((p) => p.command.context.occurredAt < '2026-03-05T12:00:00.000Z')).toBe(true);
    expect([...generateHistory({ ...OPTIONS, leads: 0 })]).toEqual([]);
    expect(() => [...generateHistory({ ...OPTIONS, end: OPTIONS.start })]).toThrow(RangeError);
    expect(() => [...generateHistory({ ...OPTIONS, start: 'yesterday' })]).toThrow('start is not a date');
    expect(() => [...generateHistory({ ...OPTIONS, leads: -1 })]).toThrow(RangeError);
  });
});
