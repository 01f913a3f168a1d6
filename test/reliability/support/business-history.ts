import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, COMPLAINT_SEVERITIES, COMPLAINT_TOUCHPOINTS, complaintDecider } from '@app/domain/complaint';
import { customerDecider } from '@app/domain/customer';
import { ACTIVITY_TYPES, LEAD_SOURCES, leadDecider } from '@app/domain/lead';
import { Command, Decider, DomainEvent, isRefusal, streamName } from '@app/domain/shared';
import { NewEvent } from '@app/event-store';
import { Prng } from './reliability';

/** One event of the generated history, with the events of other streams it must come after. */
export interface HistoryEvent {
  readonly streamId: string;
  readonly event: DomainEvent;
  readonly actor: string;
  readonly at: string;
  /** Indexes (in the generated order) of events of other streams this one follows from (a won lead before its customer...). */
  readonly after: readonly number[];
}

type AnyDecider = Decider<Command, unknown, DomainEvent>;
const DECIDERS: Record<'lead' | 'customer' | 'complaint', AnyDecider> = {
  lead: leadDecider as unknown as AnyDecider,
  customer: customerDecider as unknown as AnyDecider,
  complaint: complaintDecider as unknown as AnyDecider,
};

/**
 * A varied business history written by the real deciders (so every event has its real shape):
 * leads captured (some referred by earlier ones), qualified, worked with activities, moved down the
 * funnel, won or lost; won leads become customers with credit, contracts, orders, payments,
 * returns, discounts, identity checks and complaints; referrers are owed and paid rewards.
 * Commands the deciders refuse are simply left out.
 */
export const generateHistory = (rng: Prng, leadCount: number): { events: HistoryEvent[]; refused: number } => {
  const events: HistoryEvent[] = [];
  const states = new Map<string, unknown>();
  const lastIndex = new Map<string, number>();
  let refused = 0;
  let clock = Date.parse('2025-01-06T08:00:00Z');

  /** Decides on the stream's current state; appends the events. `follows` names streams whose latest event must come first. */
  const decide = (aggregate: keyof typeof DECIDERS, id: string, type: string, data: Record<string, unknown>, actor: string, follows: string[] = []): boolean => {
    clock += rng.int(5, 600) * 60_000;
    const at = new Date(clock).toISOString();
    const streamId = streamName(aggregate, id);
    const decider = DECIDERS[aggregate];
    const state = states.has(streamId) ? states.get(streamId) : decider.initialState;
    const decision = decider.decide({ type, data, context: { occurredAt: at, now: at, actor } }, state);
    if (isRefusal(decision)) {
      refused++;
      return false;
    }
    const after = follows.map((s) => lastIndex.get(s)).filter((i): i is number => i !== undefined);
    let next = state;
    for (const event of decision) {
      next = decider.evolve(next, event);
      lastIndex.set(streamId, events.length);
      events.push({ streamId, event, actor, at, after });
    }
    states.set(streamId, next);
    return decision.length > 0;
  };

  const won: string[] = [];
  for (let i = 0; i < leadCount; i++) {
    const leadId = `lead-${i}`;
    const rep = `rep-${rng.int(1, 6)}`;
    const referrer = i > 3 && rng.next() < 0.3 ? `lead-${rng.int(0, i - 1)}` : undefined;
    decide(
      'lead',
      leadId,
      'CaptureLead',
      {
        leadId,
        kind: 'person',
        name: `Lead ${i}`,
        contacts: { phones: [`+86 138 0000 ${String(1000 + i)}`], emails: [] },
        source: referrer ? 'referral' : rng.pick(LEAD_SOURCES.filter((s) => s !== 'referral')),
        ...(referrer && { referredBy: { kind: 'lead', id: referrer } }),
        ownerId: rep,
        teamId: `team-${rng.int(1, 2)}`,
        productInterest: [rng.pick(['copier', 'printer', 'erp'])],
        expectedAmount: rng.int(1, 50) * 1000,
        consent: { purposes: ['sales_contact'] },
      },
      rep,
      referrer ? [streamName('lead', referrer)] : [],
    );
    if (rng.next() < 0.8) {
      decide('lead', leadId, 'QualifyLead', { leadId, money: { has: rng.next() < 0.8 }, authority: { has: rng.next() < 0.7 }, need: { has: rng.next() < 0.9, evidence: 'asked for a quote' } }, rep);
    }
    for (let a = rng.int(0, 4); a > 0; a--) {
      decide('lead', leadId, 'LogLeadActivity', { leadId, activityId: `${leadId}-act-${a}`, activityType: rng.pick(ACTIVITY_TYPES), outcome: 'Spoke with the buyer' }, rep);
    }
    if (rng.next() < 0.1) decide('lead', leadId, 'ReassignLead', { leadId, toOwnerId: `rep-${rng.int(1, 6)}`, toTeamId: 'team-1', reason: 'Territory change' }, 'manager-1');
    const outcome = rng.next();
    const stages = ['C', 'B', 'A'].slice(0, rng.int(0, 3));
    for (const to of stages) decide('lead', leadId, 'AdvanceLeadStage', { leadId, to, overrideReason: 'Board approved' }, rep);
    if (outcome < 0.35) {
      if (decide('lead', leadId, 'AdvanceLeadStage', { leadId, to: 'won', amount: rng.int(1, 80) * 500, overrideReason: 'Board approved' }, rep)) won.push(leadId);
    } else if (outcome < 0.55) {
      decide('lead', leadId, 'AdvanceLeadStage', { leadId, to: 'lost', reason: 'Went with a competitor', competitor: 'Ricoh' }, rep);
      if (rng.next() < 0.2) decide('lead', leadId, 'ReopenLead', { leadId, to: 'C', reason: 'New budget' }, rep);
    }
    if (won.at(-1) !== leadId) continue;

    // The won lead's customer file, and the reward its referrer is owed.
    const customerId = leadId;
    const follows = [streamName('lead', leadId)];
    decide(
      'customer',
      customerId,
      'RegisterCustomer',
      { customerId, fromLeadId: leadId, kind: 'person', name: `Customer ${i}`, contacts: { phones: [`+86 139 0000 ${String(1000 + i)}`], emails: [] }, ownerId: rep, teamId: 'team-1', consent: { purposes: ['sales_contact'] } },
      rep,
      follows,
    );
    if (referrer) {
      const rewardId = `reward-${leadId}`;
      decide('lead', referrer, 'OweReferralReward', { leadId: referrer, rewardId, referredLeadId: leadId, amount: 25 }, 'policy', follows);
      if (rng.next() < 0.5) decide('lead', referrer, 'PayReferralReward', { leadId: referrer, rewardId, method: 'cash' }, 'finance-1');
    }
    decide('customer', customerId, 'AssessCredit', { customerId, assessmentId: `ca-${i}`, scores: { character: rng.int(1, 5), capacity: rng.int(1, 5), capital: rng.int(1, 5), collateral: rng.int(1, 5), conditions: rng.int(1, 5) }, requestedLimit: 100_000 }, 'finance-1');
    if (rng.next() < 0.6) decide('customer', customerId, 'VerifyIdentity', { customerId, verificationId: `iv-${i}`, method: 'id_card', verifiedOn: new Date(clock).toISOString().slice(0, 10) }, rep);
    for (let o = rng.int(1, 3); o > 0; o--) {
      const orderId = `${customerId}-order-${o}`;
      const unitPrice = rng.int(1, 20) * 100;
      const quantity = rng.int(1, 5);
      if (!decide('customer', customerId, 'PlaceOrder', { customerId, orderId, items: [{ description: 'Copier toner', quantity, unitPrice }], creditOverrideReason: 'Known buyer' }, rep)) continue;
      if (rng.next() < 0.7) decide('customer', customerId, 'RecordPayment', { customerId, paymentId: `${orderId}-pay`, orderId, amount: rng.int(1, quantity) * unitPrice, method: 'bank_transfer' }, 'finance-1');
      if (rng.next() < 0.15) decide('customer', customerId, 'RecordReturn', { customerId, returnId: `${orderId}-ret`, orderId, amount: unitPrice, reason: 'Damaged' }, rep);
      if (rng.next() < 0.15) decide('customer', customerId, 'GrantDiscount', { customerId, discountId: `${orderId}-disc`, orderId, amount: 50, reason: 'Late delivery' }, 'manager-1');
    }
    if (rng.next() < 0.2) decide('customer', customerId, 'ChangeCustomerClass', { customerId, to: rng.pick(['retained', 'hopeful', 'base']), reason: 'Quarterly review' }, 'manager-1');
    if (rng.next() < 0.4) {
      const complaintId = `cmp-${i}`;
      const handler = 'svc-zhou';
      decide(
        'complaint',
        complaintId,
        'LogComplaint',
        { complaintId, customerId, category: rng.pick(COMPLAINT_CATEGORIES), touchpoint: rng.pick(COMPLAINT_TOUCHPOINTS), severity: rng.pick(COMPLAINT_SEVERITIES), channel: rng.pick(COMPLAINT_CHANNELS), description: 'Something went wrong' },
        handler,
        [streamName('customer', customerId)],
      );
      decide('complaint', complaintId, 'AcknowledgeComplaint', { complaintId, handlerId: handler }, handler);
      if (rng.next() < 0.3) decide('complaint', complaintId, 'EscalateComplaint', { complaintId, level: 'supervisor', reason: 'Customer insists' }, handler);
      if (rng.next() < 0.8) {
        decide('complaint', complaintId, 'ResolveComplaint', { complaintId, resolution: 'Replaced the unit' }, handler);
        if (rng.next() < 0.7) {
          decide('complaint', complaintId, 'RecordSatisfaction', { complaintId, expectedService: rng.int(1, 5), perceivedService: rng.int(1, 5), likelihoodToRecommend: rng.int(0, 10), wouldBuyAgain: rng.next() < 0.7 }, handler);
        }
      }
    }
  }
  return { events, refused };
};

/**
 * Another order of the same events: each stream's events stay in order, and an event never comes
 * before the events of other streams it follows from; otherwise streams interleave at random.
 */
export const interleave = (events: readonly HistoryEvent[], rng: Prng): HistoryEvent[] => {
  const previousInStream = new Map<string, number>();
  const dependencies = events.map((e, i) => {
    const own = previousInStream.get(e.streamId);
    previousInStream.set(e.streamId, i);
    return own === undefined ? [...e.after] : [own, ...e.after];
  });
  const waitingFor = dependencies.map((d) => d.length);
  const dependents = events.map((): number[] => []);
  dependencies.forEach((deps, i) => deps.forEach((d) => dependents[d].push(i)));
  const ready = events.map((_, i) => i).filter((i) => waitingFor[i] === 0);
  const order: HistoryEvent[] = [];
  while (ready.length > 0) {
    const [next] = ready.splice(rng.int(0, ready.length - 1), 1);
    order.push(events[next]);
    for (const d of dependents[next]) if (--waitingFor[d] === 0) ready.push(d);
  }
  if (order.length !== events.length) throw new Error('the history has a dependency cycle');
  return order;
};

/** As the API appends it: metadata with a fresh event id, business time and actor. */
export const toNewEvent = (e: HistoryEvent, eventId: string): NewEvent => ({
  type: e.event.type,
  version: e.event.version,
  data: e.event.data,
  metadata: { eventId, occurredAt: e.at, recordedAt: e.at, actor: e.actor, correlationId: eventId, causationId: null },
});
