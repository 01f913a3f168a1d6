import { complaintDecider, ComplaintCommand, ComplaintState, safetyTrackingNumber } from '@app/domain/complaint';
import { CreditScores, customerDecider, CustomerCommand, CustomerState, orderOutstanding, OrderItem, RegisteredCustomer } from '@app/domain/customer';
import {
  ActivityOutcomeCode,
  ActivityType,
  ConsentPurpose,
  ExistingLeadState,
  LeadCapturedData,
  LeadCommand,
  leadDecider,
  LeadKind,
  LeadSource,
  LeadState,
  ManClass,
  OrganisationFacts,
  Referrer,
} from '@app/domain/lead';
import { customerFromWonLead } from '@app/domain/policies/won-lead-becomes-customer';
import { Command, Decider, Decision, deterministicUuid, DomainEvent, isRefusal, money, StreamCategory } from '@app/domain/shared';
import { BusinessHours, DAY, dateOf, duringBusinessHours, HOUR, isoOf, MINUTE, workingDaysLater } from './demo-calendar';
import * as V from './demo-vocabulary';
import { Prng, seedOf } from './prng';
import { TimedQueue } from './timed-queue';

export interface HistoryOptions {
  /** Same seed and options, same history, command for command. */
  readonly seed: number;
  /** How many leads are captured, spread evenly over the period. */
  readonly leads: number;
  /** ISO date or date-time: the first lead is captured at or after it. */
  readonly start: string;
  /** ISO date or date-time, exclusive: nothing happens at or after it (pass the current time for "until now"). */
  readonly end: string;
  /** Owed to a referrer when the lead it referred is won; the API's REFERRAL_REWARD_AMOUNT (default 25). */
  readonly referralRewardAmount?: number;
}

/** One command of the history, for the aggregate instance it goes to. */
export interface PlannedCommand {
  readonly aggregate: StreamCategory;
  readonly id: string;
  /** `context.occurredAt` and `context.now` are the simulated time; `context.actor` who did it. */
  readonly command: Command;
  /** Unique for these options and stable across runs: use it as the idempotency key, so a re-run finds what it wrote. */
  readonly key: string;
  /**
   * The events the real decider returns for the command on the stream's state, which is what the API
   * would append: a writer of the history needs no decider or state of its own.
   */
  readonly events: readonly DomainEvent[];
}

/** A planned command while its story decides it (`events` is set then). */
type Planning = { -readonly [K in keyof PlannedCommand]: PlannedCommand[K] };

/**
 * A realistic, seeded history of the lead-to-customer business (DOMAIN §1–§6), as the commands that
 * make it, in order of business time. It is a discrete-event simulation: every lead, customer, order,
 * complaint and referral reward is a small story (a generator that yields the time it wants to act
 * next), and a time-ordered queue interleaves them. Only stories still running are in memory, with the
 * state of a finished lead that a referral reward or the bulk reassignment may still come to, so 100k
 * leads stream in bounded memory.
 *
 * Each story folds its own commands through the real deciders as it plans them (the won lead's state
 * is what `customerFromWonLead` needs, and credit, outstanding amounts and complaint status steer
 * what comes next); a command the domain would refuse is a bug here and throws at once.
 */
export function* generateHistory(options: HistoryOptions): Generator<PlannedCommand, void, undefined> {
  yield* new Simulation(options).run();
}

/** The stories' protocol: yield the epoch ms to be woken at; finish when there is nothing left to do. */
type Story = Iterator<number, void, undefined>;

/** What a story folds its commands into; `state` is dropped (null) once nothing will need it again. */
interface Tracked<S> {
  state: S | null;
}

interface LeadSim extends Tracked<LeadState> {
  readonly id: string;
  readonly rng: Prng;
  owner: string;
  open: boolean;
  activities: number;
  /** Its own story has ended: its state is kept only while something may still act on it (see dropState). */
  over: boolean;
  /** In the pool of referrers new leads pick from. */
  inPool: boolean;
  /** Leads it referred whose reward may still be owed or paid to it. */
  owedBy: number;
  /** The lead that referred it, until what it may owe that lead is settled. */
  referredBy?: LeadSim;
}

interface CustomerSim extends Tracked<CustomerState> {
  readonly id: string;
  readonly rng: Prng;
  readonly kind: LeadKind;
  orders: number;
}

/** Someone a new lead may name as its referrer (DOMAIN §1: referral chains). */
interface ReferrerCandidate {
  readonly kind: Referrer['kind'];
  readonly id: string;
  readonly sim: LeadSim | CustomerSim;
}

type OpenStage = 'D' | 'C' | 'B' | 'A';
type Move = { readonly kind: 'advance'; readonly to: 'C' | 'B' | 'A' } | { readonly kind: 'back' | 'won' | 'lost' | 'reopen' };

/** Command bodies without context; the aggregate's own id is added by the emitter. */
type Body<C, K extends string> = C extends Command<infer T, infer D> ? { readonly type: T; readonly data: Omit<D, K> } : never;

/** Chance to advance and chance to be lost at each stage; the rest stalls there (DOMAIN §3: most stay in D/C). */
const FUNNEL: Readonly<Record<'strong' | 'fair' | 'weak', Readonly<Record<OpenStage, readonly [advance: number, lost: number]>>>> = {
  strong: { D: [0.75, 0.06], C: [0.62, 0.14], B: [0.68, 0.18], A: [0.78, 0.17] },
  fair: { D: [0.58, 0.1], C: [0.45, 0.2], B: [0.55, 0.25], A: [0.7, 0.25] },
  weak: { D: [0.35, 0.15], C: [0.3, 0.25], B: [0.45, 0.3], A: [0.6, 0.35] },
};
const NEXT_STAGE: Readonly<Record<OpenStage, 'C' | 'B' | 'A' | 'won'>> = { D: 'C', C: 'B', B: 'A', A: 'won' };

/** Touches (activities) before a stage move, and the working days between them. */
const CADENCE: Readonly<Record<OpenStage, { readonly touches: readonly [number, number]; readonly gapDays: readonly [number, number] }>> = {
  D: { touches: [1, 2], gapDays: [2, 8] },
  C: { touches: [1, 3], gapDays: [3, 10] },
  B: { touches: [2, 4], gapDays: [2, 7] },
  A: { touches: [1, 2], gapDays: [1, 4] },
};

const REFERRER_POOL = 256;

class Simulation {
  private readonly seed: number;
  private readonly leads: number;
  private readonly start: number;
  private readonly end: number;
  private readonly rewardAmount: number;
  /** Distinguishes these options' ids and keys from any other history's. */
  private readonly key: string;
  private readonly queue = new TimedQueue<Story>();
  private readonly out: Planning[] = [];
  private now: number;
  private planned = 0;
  private complaints = 0;
  /** Recent leads and customers that may refer new leads: a bounded pool, so memory does not grow with history. */
  private readonly referrers: ReferrerCandidate[] = [];
  private referrerSlot = 0;
  /** Leads of the rep who leaves, until they leave (then nothing is indexed any more). */
  private readonly leavingRepLeads = new Set<LeadSim>();
  private departed = false;

  constructor(options: HistoryOptions) {
    const start = Date.parse(options.start);
    const end = Date.parse(options.end);
    if (!Number.isInteger(options.seed)) throw new RangeError(`seed must be an integer, got ${options.seed}`);
    if (!Number.isInteger(options.leads) || options.leads < 0) throw new RangeError(`leads must be a non-negative integer, got ${options.leads}`);
    if (Number.isNaN(start)) throw new RangeError(`start is not a date: "${options.start}"`);
    if (Number.isNaN(end)) throw new RangeError(`end is not a date: "${options.end}"`);
    if (end <= start) throw new RangeError(`end (${options.end}) must be after start (${options.start})`);
    this.seed = options.seed;
    this.leads = options.leads;
    this.start = start;
    this.end = end;
    this.now = start;
    this.rewardAmount = options.referralRewardAmount ?? 25;
    this.key = deterministicUuid('seed-demo', String(options.seed), String(options.leads), isoOf(start), isoOf(end)).slice(0, 13);
  }

  *run(): Generator<PlannedCommand, void, undefined> {
    this.schedule(this.captures(), this.start);
    const departure = duringBusinessHours(this.start + (this.end - this.start) * V.DEPARTURE.atShare, new Prng(seedOf(this.seed, 'departure')));
    this.schedule(this.departure(), departure);
    for (let next = this.queue.pop(); next; next = this.queue.pop()) {
      this.now = next.at;
      const step = next.item.next();
      for (const planned of this.out) yield planned;
      this.out.length = 0;
      if (!step.done) this.schedule(next.item, step.value);
    }
  }

  /** Wakes the story at `at`; a story due at or after the end simply stops there (the history is cut off). */
  private schedule(story: Story, at: number): void {
    if (at < this.now) throw new Error(`demo history: a story asked to act at ${isoOf(at)}, before ${isoOf(this.now)}`);
    if (at < this.end) this.queue.push(at, story);
  }

  // ------------------------------------------------------------------ emitting and tracking

  private emit(aggregate: StreamCategory, id: string, type: string, data: object, actor: string): Planning {
    const at = isoOf(this.now);
    const command: Command = { type, data, context: { occurredAt: at, now: at, actor } };
    const planned: Planning = { aggregate, id, command, key: `${this.key}:${this.planned++}`, events: [] };
    this.out.push(planned);
    return planned;
  }

  /** Folds the command into the tracked state with the real decider; a refusal, or a command after its story ended, is a bug in this file. */
  private track<S>(decider: Decider<never, S, DomainEvent>, holder: Tracked<S>, planned: Planning): readonly DomainEvent[] {
    const { command, aggregate, id } = planned;
    if (holder.state === null) throw new Error(`demo history planned ${command.type} on ${aggregate} ${id}, whose story is over and its state dropped`);
    const decide = decider.decide as (command: Command, state: S) => Decision<DomainEvent>;
    const decision = decide(command, holder.state);
    if (isRefusal(decision)) {
      throw new Error(`demo history planned ${command.type} on ${aggregate} ${id}, which the domain refuses: ${decision.code} ${decision.message}`);
    }
    holder.state = decision.reduce<S>((state, event) => decider.evolve(state, event), holder.state);
    planned.events = decision;
    return decision;
  }

  private lead(sim: LeadSim, body: Body<LeadCommand, 'leadId'>, actor = sim.owner): readonly DomainEvent[] {
    return this.track(leadDecider, sim, this.emit('lead', sim.id, body.type, { leadId: sim.id, ...body.data }, actor));
  }

  private customer(sim: CustomerSim, body: Body<CustomerCommand, 'customerId'>, actor: string): readonly DomainEvent[] {
    return this.track(customerDecider, sim, this.emit('customer', sim.id, body.type, { customerId: sim.id, ...body.data }, actor));
  }

  private complaint(holder: Tracked<ComplaintState>, id: string, body: Body<ComplaintCommand, 'complaintId'>, actor: string): void {
    this.track(complaintDecider, holder, this.emit('complaint', id, body.type, { complaintId: id, ...body.data }, actor));
  }

  /** Who acts for an owner: the rep who left hands over to the successor. */
  private actorFor(ownerId: string): string {
    return this.departed && ownerId === V.DEPARTURE.rep ? V.DEPARTURE.successor : ownerId;
  }

  // ------------------------------------------------------------------ stories

  /** Leads arrive one per equal share of the period's business hours (anywhere in it if it has none), in order. */
  private *captures(): Story {
    const rng = new Prng(seedOf(this.seed, 'captures'));
    const hours = new BusinessHours(this.start, this.end);
    const [origin, span, at] = hours.total > 0 ? [0, hours.total, (offset: number) => hours.at(offset)] : [this.start, this.end - this.start, (time: number) => time];
    for (let index = 0; index < this.leads; index++) {
      yield at(origin + ((index + rng.next()) / this.leads) * span);
      this.schedule(this.leadStory(index), this.now);
    }
  }

  /** DOMAIN §4 (seed 003): a rep leaves; their open leads move to a colleague in one bulk reassignment. */
  private *departure(): Story {
    const { rep, successor, team, manager } = V.DEPARTURE;
    const bulkReassignmentId = deterministicUuid('seed-demo', this.key, 'bulk', rep);
    this.departed = true;
    for (const sim of this.leavingRepLeads) {
      if (!sim.open || sim.owner !== rep) continue;
      const data = { toOwnerId: successor, toTeamId: team, reason: `${rep} left the company`, bulkReassignmentId, expectedOwnerId: rep };
      this.lead(sim, { type: 'ReassignLead', data }, manager);
      sim.owner = successor;
    }
    this.leavingRepLeads.clear();
  }

  private *leadStory(index: number): Story {
    const rng = new Prng(seedOf(this.seed, 'lead', index));
    const { owner, team } = this.assignOwner(rng);
    const sim: LeadSim = { id: deterministicUuid('seed-demo', this.key, 'lead', String(index)), rng, owner, open: true, activities: 0, over: false, inPool: false, owedBy: 0, state: leadDecider.initialState };
    const kind: LeadKind = rng.chance(0.58) ? 'organisation' : 'person';
    const source = rng.weighted(V.SOURCE_WEIGHTS);
    const referrer = V.REFERRED_SOURCES.includes(source) ? this.pickReferrer(rng, source === 'referral' ? 0.75 : 0.4) : undefined;
    const manClass = this.rollMan(rng, source);
    const requalified = requalification(rng, manClass);
    const path = rollPath(rng, requalified?.manClass ?? manClass);
    const willWin = path.some((move) => move.kind === 'won');
    if (referrer?.kind === 'lead') {
      sim.referredBy = referrer.sim as LeadSim;
      sim.referredBy.owedBy++;
    }

    const [captured] = this.lead(sim, { type: 'CaptureLead', data: this.newLead(rng, kind, source, referrer, owner, team) });
    const capturedData = captured.data as LeadCapturedData;
    if (owner === V.DEPARTURE.rep && !this.departed) this.leavingRepLeads.add(sim);

    // First contact: a walk-in is served at the counter, everyone else is called or visited within days.
    if (source === 'walk_in') yield this.now + rng.int(5, 45) * MINUTE;
    else yield workingDaysLater(this.now, 0.1, 3, rng);
    const reached = rng.chance(0.82);
    let next = workingDaysLater(this.now, 0.5, 4, rng);
    const firstType: ActivityType = source === 'walk_in' ? 'store_visit' : source === 'direct_mail' ? 'direct_mail' : rng.chance(0.75) ? 'call' : 'visit';
    this.touch(sim, firstType, reached ? rng.pick(['reached', 'interested', 'follow_up'] as const) : 'no_answer', next);
    // Snowball (DOMAIN §1): anyone we have talked to may name others, but only leads that never become
    // customers are named as leads (a lead that is won is rewarded as the customer it becomes).
    if (reached && !willWin) this.addReferrer({ kind: 'lead', id: sim.id, sim });
    yield next;

    // Qualification by the MAN rule (DOMAIN §2); a few leads are never qualified and just sit in D.
    if (path.length === 0 && manClass !== 'm+a+n' && rng.chance(0.25)) return yield* this.nurture(sim, 'D');
    this.lead(sim, { type: 'QualifyLead', data: manAnswers(rng, manClass) });
    if (manClass === 'm+a+n') {
      // Not a prospect: stop contacting; some are closed as lost, the rest simply stay in D.
      if (path[0]?.kind === 'lost') {
        yield workingDaysLater(this.now, 0, 5, rng);
        this.lead(sim, { type: 'AdvanceLeadStage', data: { to: 'lost', reason: 'not a prospect (m+a+n): stop contacting' } });
        sim.open = false;
      }
      return this.release(sim);
    }

    for (let i = 0; i < path.length; i++) {
      const move = path[i];
      const stage = (sim.state as ExistingLeadState).stage as OpenStage;
      if (move.kind !== 'reopen') {
        const cadence = CADENCE[stage];
        const touches = rng.int(cadence.touches[0], cadence.touches[1]);
        yield workingDaysLater(this.now, cadence.gapDays[0] / 2, cadence.gapDays[1] / 2, rng);
        for (let t = 0; t < touches; t++) {
          next = workingDaysLater(this.now, cadence.gapDays[0], cadence.gapDays[1], rng);
          const type: ActivityType = stage === 'B' && t === 0 ? (rng.chance(0.6) ? 'demo' : 'trial') : stage === 'A' ? (rng.chance(0.6) ? 'visit' : 'call') : rng.weighted(V.ACTIVITY_WEIGHTS);
          const outcome = move.kind === 'lost' && t === touches - 1 ? 'not_interested' : rng.weighted(OUTCOME_WEIGHTS);
          this.touch(sim, type, outcome, next);
          yield next;
        }
      }
      if (move.kind === 'advance' && move.to === 'B' && requalified) {
        // What was missing has been found (a decision maker, a need, the money): qualified again.
        this.lead(sim, { type: 'QualifyLead', data: requalified.answers });
        yield this.now + rng.int(10, 90) * MINUTE;
      }
      switch (move.kind) {
        case 'advance': {
          const firmer = move.to === 'B' && rng.chance(0.5);
          const expectedAmount = firmer ? roundTo(((sim.state as ExistingLeadState).expectedAmount ?? amountFor(rng, kind)) * rng.between(0.8, 1.25), 100) : undefined;
          const expectedCloseDate = move.to === 'A' ? dateOf(this.now + rng.int(7, 30) * DAY) : undefined;
          this.lead(sim, { type: 'AdvanceLeadStage', data: { to: move.to, expectedAmount, expectedCloseDate } });
          break;
        }
        case 'back':
          this.lead(sim, { type: 'AdvanceLeadStage', data: { to: 'C', reason: rng.pick(V.BACKWARD_REASONS) } });
          break;
        case 'lost': {
          const reason = rng.pick(V.LOST_REASONS);
          this.lead(sim, { type: 'AdvanceLeadStage', data: { to: 'lost', reason, competitor: reason === 'chose a competitor' ? rng.pick(V.COMPETITORS) : undefined } });
          sim.open = false;
          break;
        }
        case 'reopen':
          yield workingDaysLater(this.now, 20, 60, rng);
          this.lead(sim, { type: 'ReopenLead', data: { to: 'C', reason: rng.pick(V.REOPEN_REASONS) } });
          sim.open = true;
          break;
        case 'won':
          this.win(sim, capturedData, referrer);
          return this.release(sim);
      }
    }
    if (sim.open) return yield* this.nurture(sim, (sim.state as ExistingLeadState).stage as OpenStage);
    return this.release(sim);
  }

  /** A lead that stalls is touched now and then; the last touch often sets a follow-up nobody keeps (seed 003). */
  private *nurture(sim: LeadSim, stage: OpenStage): Generator<number, void, undefined> {
    const rng = sim.rng;
    const touches = rng.int(0, stage === 'D' ? 2 : 3);
    for (let t = 0; t < touches; t++) {
      yield workingDaysLater(this.now, 10, 40, rng);
      const last = t === touches - 1;
      const followUp = last ? (rng.chance(0.6) ? workingDaysLater(this.now, 5, 30, rng) : undefined) : workingDaysLater(this.now, 10, 40, rng);
      this.touch(sim, rng.chance(0.7) ? 'call' : rng.weighted(V.ACTIVITY_WEIGHTS), rng.weighted(OUTCOME_WEIGHTS), followUp);
    }
    this.release(sim);
  }

  /** A won lead opens the customer file of the same id (as the API does), and its referrer is owed a reward. */
  private win(sim: LeadSim, captured: LeadCapturedData, referrer: ReferrerCandidate | undefined): void {
    const rng = sim.rng;
    const lead = sim.state as ExistingLeadState;
    const amount = roundTo((lead.expectedAmount ?? amountFor(rng, lead.kind)) * rng.between(0.8, 1.1), 100);
    this.lead(sim, { type: 'AdvanceLeadStage', data: { to: 'won', amount } });
    sim.open = false;
    const won = sim.state as ExistingLeadState;
    const customer: CustomerSim = { id: sim.id, rng, kind: won.kind, orders: 0, state: customerDecider.initialState };
    const { customerId: _id, ...registration } = customerFromWonLead(captured, won);
    this.customer(customer, { type: 'RegisterCustomer', data: registration }, this.actorFor(won.ownerId));
    this.addReferrer({ kind: 'customer', id: customer.id, sim: customer });
    this.schedule(this.customerStory(customer, amount, won.ownerId), this.now);
    if (referrer) this.oweReward(referrer, sim);
    // The referrer's reward is now the payment story's to settle.
    sim.referredBy = undefined;
  }

  /** Seed 000: the referrer is owed a reward when the referred lead is won (the API's policy, same reward id), paid promptly. */
  private oweReward(referrer: ReferrerCandidate, referred: LeadSim): void {
    const rewardId = `referral-${referred.id}`;
    const data = { rewardId, referredLeadId: referred.id, amount: this.rewardAmount };
    this.referrerCommand(referrer, 'OweReferralReward', data, V.REFERRAL_POLICY_ACTOR);
    this.schedule(this.rewardPayment(referrer, rewardId, referred.rng), workingDaysLater(this.now, 1, 10, referred.rng));
  }

  private *rewardPayment(referrer: ReferrerCandidate, rewardId: string, rng: Prng): Story {
    // A few are forgotten: exactly what the referrals report is there to catch.
    if (!rng.chance(0.12)) {
      const method = rng.weighted({ bank_transfer: 60, online: 30, cash: 10 });
      this.referrerCommand(referrer, 'PayReferralReward', { rewardId, method, reference: `RW-${rewardId.slice(9, 17).toUpperCase()}` }, V.FINANCE);
    }
    if (referrer.kind === 'lead') this.settle(referrer.sim as LeadSim);
  }

  private referrerCommand(referrer: ReferrerCandidate, type: 'OweReferralReward' | 'PayReferralReward', data: object, actor: string): void {
    if (referrer.kind === 'lead') this.track(leadDecider, referrer.sim as LeadSim, this.emit('lead', referrer.id, type, { leadId: referrer.id, ...data }, actor));
    else this.track(customerDecider, referrer.sim as CustomerSim, this.emit('customer', referrer.id, type, { customerId: referrer.id, ...data }, actor));
  }

  /** DOMAIN §5: the contract and 5C credit, then the first order within days and repeat orders for months. */
  private *customerStory(c: CustomerSim, wonAmount: number, ownerId: string): Story {
    const rng = c.rng;
    const short = c.id.slice(0, 8).toUpperCase();
    this.schedule(this.customerFileStory(c, ownerId), this.now);
    yield workingDaysLater(this.now, 0, 2, rng);
    const contractId = `CT-${short}-1`;
    const signedOn = dateOf(this.now);
    const product = mainProduct(rng, c.kind);
    this.customer(
      c,
      {
        type: 'SignContract',
        data: { contractId, title: `供货合同 ${product.description}`, amount: wonAmount, signedOn, startsOn: signedOn, endsOn: dateOf(this.now + 365 * DAY) },
      },
      this.actorFor(ownerId),
    );
    if (rng.chance(0.9)) {
      yield workingDaysLater(this.now, 0.1, 2, rng);
      const requestedLimit = roundTo(wonAmount * rng.between(1, 1.6), 1000);
      const notes = rng.chance(0.3) ? 'checked with the bank and two suppliers' : undefined;
      this.customer(c, { type: 'AssessCredit', data: { assessmentId: `CA-${short}-1`, scores: creditScores(rng), requestedLimit, notes } }, V.CREDIT_OFFICER);
    }

    const orders = Number(rng.weighted({ 1: 25, 2: 25, 3: 20, 4: 12, 6: 12, 8: 6 }));
    yield workingDaysLater(this.now, 0.5, 5, rng);
    for (let k = 1; k <= orders; k++) {
      const target = k === 1 ? wonAmount * (orders === 1 ? 1 : rng.between(0.5, 0.8)) : wonAmount * rng.between(0.05, 0.3);
      const orderId = `SO-${short}-${k}`;
      const placed = this.placeOrder(c, orderId, k === 1 ? contractId : undefined, orderItems(rng, c.kind, target, k === 1 ? product : undefined), ownerId);
      if (placed) {
        this.schedule(this.orderStory(c, orderId), this.now);
        if (c.orders === 2) {
          yield this.now + rng.int(5, 60) * MINUTE;
          // A VIP (three won referrals) stays a VIP.
          if ((c.state as RegisteredCustomer | null)?.customerClass === 'new') this.customer(c, { type: 'ChangeCustomerClass', data: { to: 'retained', reason: 'second order placed' } }, this.actorFor(ownerId));
        }
      }
      if (k < orders) yield workingDaysLater(this.now, 12, 45, rng);
    }
    if (rng.chance(0.12)) {
      // No order for four months: the file says so (DOMAIN §5: 流失).
      yield workingDaysLater(this.now, 120, 130, rng);
      if ((c.state as RegisteredCustomer | null)?.customerClass !== 'churned') this.customer(c, { type: 'ChangeCustomerClass', data: { to: 'churned', reason: 'no orders for four months' } }, this.actorFor(ownerId));
    }
  }

  /** Real-name check (DOMAIN §7) and a fuller file (DOMAIN §5), beside the orders. */
  private *customerFileStory(c: CustomerSim, ownerId: string): Story {
    const rng = new Prng(seedOf(this.seed, 'customer-file', c.id));
    if (rng.chance(0.8)) {
      yield workingDaysLater(this.now, 0.2, 10, rng);
      const organisation = c.kind === 'organisation';
      // The document number is left out: demo data carries no identifiers, not even invented ones.
      const data = {
        verificationId: `IDV-${c.id.slice(0, 8).toUpperCase()}-1`,
        method: organisation ? 'business_license' : rng.chance(0.9) ? 'id_card' : 'passport',
        documentType: organisation ? 'business licence (unified social credit code)' : 'resident identity card',
        verifiedOn: dateOf(this.now),
      } as const;
      this.customer(c, { type: 'VerifyIdentity', data }, this.actorFor(ownerId));
    }
    if (rng.chance(0.5)) {
      yield workingDaysLater(this.now, 1, 20, rng);
      this.customer(c, { type: 'UpdateCustomerProfile', data: profileUpdate(rng, c) }, this.actorFor(ownerId));
    }
  }

  /** Places the order, beyond the credit limit only with a reason (and sometimes not at all). */
  private placeOrder(c: CustomerSim, orderId: string, contractId: string | undefined, items: readonly OrderItem[], ownerId: string): boolean {
    const rng = c.rng;
    const dueOn = dateOf(this.now + 30 * DAY);
    // Asks the decider first: the credit rule is the domain's, not repeated here.
    const at = isoOf(this.now);
    const trial = { type: 'PlaceOrder', data: { customerId: c.id, orderId, contractId, items, dueOn }, context: { occurredAt: at, now: at, actor: ownerId } } as const;
    const decision = customerDecider.decide(trial, c.state!);
    const overLimit = isRefusal(decision) && decision.code === 'CREDIT_LIMIT_EXCEEDED';
    if (overLimit && rng.chance(0.4)) return false;
    const creditOverrideReason = overLimit ? rng.pick(['30% prepayment agreed', 'approved by the sales director', 'bank guarantee received']) : undefined;
    this.customer(c, { type: 'PlaceOrder', data: { orderId, contractId, items, dueOn, creditOverrideReason } }, this.actorFor(ownerId));
    c.orders++;
    return true;
  }

  /** Receivables of one order (DOMAIN §5 archive sections 3 and 5): discounts, returns, payments, sometimes a complaint. */
  private *orderStory(c: CustomerSim, orderId: string): Story {
    const rng = c.rng;
    const outstanding = () => orderOutstanding((c.state as RegisteredCustomer).orders[orderId]);
    if (rng.chance(0.2)) this.schedule(this.complaintStory(c), workingDaysLater(this.now, 1, 25, rng));
    const behaviour = rng.weighted({ full: 70, partial: 15, unpaid: 15 });
    if (rng.chance(0.05)) {
      yield workingDaysLater(this.now, 0.5, 8, rng);
      const amount = money(outstanding() * rng.between(0.03, 0.1));
      if (amount > 0) this.customer(c, { type: 'GrantDiscount', data: { discountId: `DC-${orderId.slice(3)}`, orderId, amount, reason: rng.pick(V.DISCOUNT_REASONS) } }, V.FINANCE);
    }
    if (rng.chance(0.06)) {
      yield workingDaysLater(this.now, 2, 20, rng);
      const order = (c.state as RegisteredCustomer).orders[orderId];
      const amount = money(Math.min(order.amount - order.returned, order.amount * rng.between(0.1, 0.4)));
      if (amount > 0) this.customer(c, { type: 'RecordReturn', data: { returnId: `RT-${orderId.slice(3)}`, orderId, amount, reason: rng.pick(V.RETURN_REASONS) } }, this.actorFor((c.state as RegisteredCustomer).ownerId));
    }
    if (behaviour === 'unpaid') return;
    const shares = behaviour === 'partial' ? [rng.between(0.3, 0.7)] : rng.chance(0.3) ? [0.5, 1] : [1];
    for (let i = 0; i < shares.length; i++) {
      yield workingDaysLater(this.now, i === 0 ? 5 : 20, i === 0 ? 45 : 40, rng);
      const order = (c.state as RegisteredCustomer).orders[orderId];
      const amount = money(Math.min(outstanding(), shares[i] === 1 ? outstanding() : order.amount * shares[i]));
      if (amount <= 0) return;
      const method = rng.weighted(V.PAYMENT_METHOD_WEIGHTS[c.kind]);
      this.customer(c, { type: 'RecordPayment', data: { paymentId: `PAY-${orderId.slice(3)}-${i + 1}`, orderId, amount, method } }, V.FINANCE);
    }
  }

  /** DOMAIN §6: logged, acknowledged, sometimes escalated (safety with a 24 h deadline), resolved, rated, sometimes reopened. */
  private *complaintStory(c: CustomerSim): Story {
    const n = this.complaints++;
    const rng = new Prng(seedOf(this.seed, 'complaint', n));
    const id = deterministicUuid('seed-demo', this.key, 'complaint', String(n));
    const holder: Tracked<ComplaintState> = { state: complaintDecider.initialState };
    const category = rng.weighted(V.COMPLAINT_CATEGORY_WEIGHTS);
    const safetyRelated = category === 'product_quality' && rng.chance(0.1);
    const safety = category === 'safety' || safetyRelated;
    const severity = safety ? rng.weighted({ high: 60, critical: 40 }) : rng.weighted(V.SEVERITY_WEIGHTS);
    const handler = rng.pick(V.SERVICE_DESK);
    const loggedAt = this.now;
    this.complaint(holder, id, {
      type: 'LogComplaint',
      data: {
        customerId: c.id,
        category,
        touchpoint: rng.pick(V.COMPLAINT_TOUCHPOINTS[category]),
        severity,
        channel: rng.weighted(V.CHANNEL_WEIGHTS),
        description: rng.pick(V.COMPLAINT_DESCRIPTIONS[category]),
        safetyRelated: safetyRelated || undefined,
        handlerId: handler,
      },
    }, handler);

    if (safety || rng.chance(0.92)) {
      yield this.now + (safety || severity === 'critical' ? rng.between(0.1, 1.5) : rng.between(0.5, 10)) * HOUR;
      this.complaint(holder, id, { type: 'AcknowledgeComplaint', data: { note: 'called the customer back', handlerId: handler } }, handler);
    }
    if (safety) {
      // Seed 003 (PPSC): escalated with a tracking number and 24 hours to handle it.
      yield this.now + rng.between(0.2, 2) * HOUR;
      this.complaint(holder, id, { type: 'EscalateComplaint', data: { level: 'manager', reason: 'potential product safety concern (PPSC)', safetyRelated: true } }, handler);
      const deadline = this.now + 24 * HOUR;
      if (rng.chance(0.8)) {
        yield this.now + rng.between(2, 20) * HOUR;
      } else {
        // Missed: the API's deadline scheduler records it shortly after the deadline passes.
        yield deadline + rng.int(1, 55) * MINUTE;
        this.complaint(holder, id, { type: 'MarkComplaintOverdue', data: { trackingNumber: safetyTrackingNumber(id, 1) } }, V.DEADLINE_POLICY_ACTOR);
        if (rng.chance(0.5)) {
          // Up to the executive committee, with a new tracking number and deadline, which is met.
          yield this.now + rng.between(1, 3) * HOUR;
          this.complaint(holder, id, { type: 'EscalateComplaint', data: { level: 'executive', reason: 'PPSC deadline missed' } }, handler);
          yield this.now + rng.between(2, 20) * HOUR;
        } else {
          yield this.now + rng.between(1, 4) * DAY;
        }
      }
      const compensationAmount = rng.chance(0.5) ? roundTo(rng.between(500, 5000), 100) : undefined;
      this.complaint(holder, id, { type: 'ResolveComplaint', data: { resolution: rng.pick(V.SAFETY_RESOLUTIONS), compensationAmount } }, handler);
    } else {
      if ((severity === 'high' || severity === 'critical') && rng.chance(0.5)) {
        yield this.now + rng.between(1, 24) * HOUR;
        this.complaint(holder, id, { type: 'EscalateComplaint', data: { level: 'supervisor', reason: 'customer threatens to cancel the contract' } }, handler);
      }
      const [min, max] = RESOLUTION_HOURS[severity];
      yield this.now + rng.between(min, max) * HOUR;
      const compensationAmount = severity !== 'low' && rng.chance(0.2) ? roundTo(rng.between(100, 2000), 50) : undefined;
      this.complaint(holder, id, { type: 'ResolveComplaint', data: { resolution: rng.pick(V.RESOLUTIONS), compensationAmount } }, handler);
    }

    const reopens = rng.chance(0.1);
    const resolutionHours = (this.now - loggedAt) / HOUR;
    if (rng.chance(0.7)) {
      yield this.now + rng.between(0.5, 5) * DAY;
      this.complaint(holder, id, { type: 'RecordSatisfaction', data: satisfaction(rng, resolutionHours, false) }, V.SURVEY);
    }
    if (!reopens) return;
    yield this.now + rng.between(1, 10) * DAY;
    this.complaint(holder, id, { type: 'ReopenComplaint', data: { reason: rng.pick(V.REOPEN_COMPLAINT_REASONS) } }, handler);
    yield this.now + rng.between(1, 5) * DAY;
    this.complaint(holder, id, { type: 'ResolveComplaint', data: { resolution: rng.pick(V.RESOLUTIONS) } }, handler);
    if (rng.chance(0.5)) {
      yield this.now + rng.between(0.5, 5) * DAY;
      this.complaint(holder, id, { type: 'RecordSatisfaction', data: satisfaction(rng, (this.now - loggedAt) / HOUR, true) }, V.SURVEY);
    }
  }

  // ------------------------------------------------------------------ helpers of the stories

  /** Logs an activity; `next` is when the rep will be back, and the follow-up date they set is near it (sometimes earlier, sometimes none). */
  private touch(sim: LeadSim, activityType: ActivityType, outcomeCode: ActivityOutcomeCode, next: number | undefined): void {
    const rng = sim.rng;
    const [minMinutes, maxMinutes] = V.ACTIVITY_MINUTES[activityType];
    let nextFollowUpAt: string | undefined;
    if (next !== undefined && rng.chance(0.85)) {
      // Often the date set is a little earlier than the rep actually gets back: overdue for a while.
      const planned = rng.chance(0.3) ? next - rng.between(1, 5) * DAY : next + rng.between(-2, 12) * HOUR;
      nextFollowUpAt = isoOf(Math.max(this.now + HOUR, planned));
    }
    sim.activities++;
    this.lead(sim, {
      type: 'LogLeadActivity',
      data: {
        activityId: `act-${String(sim.activities).padStart(3, '0')}`,
        activityType,
        outcome: rng.pick(V.ACTIVITY_OUTCOMES[outcomeCode]),
        outcomeCode,
        durationMinutes: rng.int(minMinutes, maxMinutes),
        nextFollowUpAt,
      },
    });
  }

  private release(sim: LeadSim): void {
    sim.over = true;
    // Not won (a won lead's reward is settled by its payment story): it owes its referrer nothing.
    if (sim.referredBy) this.settle(sim.referredBy);
    sim.referredBy = undefined;
    this.dropState(sim);
  }

  /** One lead referred by `lead` will not act on it any more. */
  private settle(lead: LeadSim): void {
    lead.owedBy--;
    this.dropState(lead);
  }

  /**
   * Forgets the state of a lead whose story is over, unless a command may still come to it: a reward
   * for a lead it referred (or it may yet be picked as a referrer), or the bulk reassignment of the
   * open leads of the rep who leaves. So memory holds running stories, not history.
   */
  private dropState(sim: LeadSim): void {
    if (!sim.over || sim.inPool || sim.owedBy > 0 || (sim.open && this.leavingRepLeads.has(sim))) return;
    sim.state = null;
  }

  private assignOwner(rng: Prng): { owner: string; team: string } {
    const team = rng.weighted(V.TEAM_WEIGHTS);
    const reps: readonly string[] = team === V.DEPARTURE.team && this.departed ? [V.DEPARTURE.successor, V.DEPARTURE.newcomer] : V.TEAMS[team];
    return { owner: rng.pick(reps), team };
  }

  private rollMan(rng: Prng, source: LeadSource): ManClass {
    // Referred leads come pre-qualified by whoever sent them: more of them are ideal prospects.
    return V.REFERRED_SOURCES.includes(source) ? rng.weighted({ ...V.MAN_WEIGHTS, 'M+A+N': V.MAN_WEIGHTS['M+A+N'] * 1.6 }) : rng.weighted(V.MAN_WEIGHTS);
  }

  private addReferrer(candidate: ReferrerCandidate): void {
    const leaving = this.referrers.length < REFERRER_POOL ? undefined : this.referrers[this.referrerSlot];
    if (leaving) this.referrers[this.referrerSlot] = candidate;
    else this.referrers.push(candidate);
    this.referrerSlot = (this.referrerSlot + 1) % REFERRER_POOL;
    if (candidate.kind === 'lead') (candidate.sim as LeadSim).inPool = true;
    if (leaving?.kind === 'lead' && leaving.sim !== candidate.sim) {
      (leaving.sim as LeadSim).inPool = false;
      this.dropState(leaving.sim as LeadSim);
    }
  }

  private pickReferrer(rng: Prng, customerShare: number): ReferrerCandidate | undefined {
    if (this.referrers.length === 0) return undefined;
    const kind = rng.chance(customerShare) ? 'customer' : 'lead';
    const ofKind = this.referrers.filter((candidate) => candidate.kind === kind);
    return rng.pick(ofKind.length > 0 ? ofKind : this.referrers);
  }

  private newLead(rng: Prng, kind: LeadKind, source: LeadSource, referrer: ReferrerCandidate | undefined, ownerId: string, teamId: string) {
    const person = personName(rng);
    const [city, region] = rng.pick(V.CITIES);
    const withAmount = rng.chance(0.75);
    const expectedAmount = withAmount ? amountFor(rng, kind) : undefined;
    const purposes: ConsentPurpose[] = ['sales_contact'];
    if (rng.chance(0.5)) purposes.push('marketing');
    if (rng.chance(0.2)) purposes.push('profiling');
    const families = [...new Set(V.PRODUCTS.filter((p) => kind === 'organisation' || p.forPersons).map((p) => p.family))];
    const common = {
      kind,
      source,
      referredBy: referrer && { kind: referrer.kind, id: referrer.id },
      ownerId,
      teamId,
      productInterest: rng.sample(families, rng.int(1, 2)),
      expectedAmount,
      expectedCloseDate: withAmount ? dateOf(this.now + rng.int(30, 120) * DAY) : undefined,
      consent: { purposes },
      notes: rng.chance(0.3) ? SOURCE_NOTES[source] : undefined,
    };
    if (kind === 'person') {
      return {
        ...common,
        name: person.name,
        contacts: {
          phones: [mobile(rng)],
          emails: rng.chance(0.4) ? [`${person.pinyin}${rng.int(1, 99)}@${rng.pick(['163.com', 'qq.com', '126.com'])}`] : [],
          address: rng.chance(0.3) ? address(rng, city) : undefined,
          wechat: rng.chance(0.6) ? `wx_${person.pinyin.replace('.', '')}${rng.int(10, 999)}` : undefined,
        },
      };
    }
    const [brand, brandPinyin] = rng.pick(V.BRANDS);
    const [industry, word, mainBusiness] = rng.pick(V.INDUSTRIES);
    const name = `${city}${brand}${word}${rng.pick(V.ORGANISATION_SUFFIXES)}`;
    const head = personName(rng);
    const organisation: OrganisationFacts = {
      legalName: name,
      region,
      industry,
      mainBusiness,
      headcount: Math.round(rng.logBetween(15, 2500)),
      branches: rng.chance(0.25) ? rng.sample(V.CITIES.map(([other]) => other).filter((other) => other !== city), rng.int(1, 3)) : undefined,
      parentBody: rng.chance(0.1) ? `${rng.pick(V.BRANDS)[0]}控股集团` : undefined,
      annualSpend: rng.chance(0.5) ? roundTo(rng.logBetween(20_000, 800_000), 1000) : undefined,
      headName: head.name,
      headPhone: rng.chance(0.5) ? mobile(rng) : undefined,
      mainNeeds: rng.pick(['stable air supply for the new line', 'lower energy consumption', 'oil-free air for packaging', 'fast after-sales service']),
    };
    return {
      ...common,
      name,
      contacts: {
        phones: [mobile(rng)],
        emails: [`${person.pinyin}@${brandPinyin}.com.cn`],
        address: address(rng, city),
        wechat: rng.chance(0.3) ? `${brandPinyin}_${person.pinyin.split('.')[0]}` : undefined,
      },
      organisation,
    };
  }
}

const OUTCOME_WEIGHTS: Readonly<Record<ActivityOutcomeCode, number>> = { reached: 40, interested: 20, follow_up: 22, no_answer: 12, other: 4, not_interested: 2 };

/** Hours from logging to resolution by severity (serious ones are chased harder but are harder to fix). */
const RESOLUTION_HOURS = { low: [2, 48], medium: [4, 120], high: [12, 192], critical: [6, 72] } as const;

const SOURCE_NOTES: Readonly<Record<LeadSource, string>> = {
  door_to_door: 'canvassed the industrial park',
  referral: 'introduced by an existing customer',
  center_of_influence: 'introduced by the chairman of the local machinery association',
  agent: 'tip from our part-time agent, commission 3%',
  direct_mail: 'answered the spring mailing',
  telemarketing: 'cold call from the daily list',
  snowball: 'name given by a prospect we visited',
  directory_research: 'found in the 工商名录',
  market_consultation: 'recommended by the district investment bureau',
  web: 'enquiry via the B2B platform',
  advertising: 'saw the trade magazine ad',
  trade_show: 'business card from the compressor expo',
  competitor: 'competitor contract ends this year',
  walk_in: 'came to the showroom',
};

const roundTo = (value: number, step: number): number => Math.max(step, Math.round(value / step) * step);

const amountFor = (rng: Prng, kind: LeadKind): number =>
  kind === 'organisation' ? roundTo(rng.logBetween(30_000, 600_000), 1000) : roundTo(rng.logBetween(3_000, 40_000), 100);

const personName = (rng: Prng): { name: string; pinyin: string } => {
  const [surname, surnamePinyin] = rng.pick(V.SURNAMES);
  const [given, givenPinyin] = rng.pick(V.GIVEN_NAMES);
  return { name: `${surname}${given}`, pinyin: `${givenPinyin}.${surnamePinyin}` };
};

const digits = (rng: Prng, count: number): string => Array.from({ length: count }, () => rng.int(0, 9)).join('');

const mobile = (rng: Prng): string => `+86 1${rng.pick(['38', '39', '58', '86', '88', '35', '77'])} ${digits(rng, 4)} ${digits(rng, 4)}`;

const address = (rng: Prng, city: string): string => `${city}市${rng.pick(['工业', '科技', '人民', '建设', '新华'])}路${rng.int(1, 999)}号`;

const manAnswers = (rng: Prng, manClass: ManClass) => {
  const answer = (has: boolean, evidence: { readonly has: readonly string[]; readonly lacks: readonly string[] }) => ({
    has,
    evidence: rng.chance(0.8) ? rng.pick(has ? evidence.has : evidence.lacks) : undefined,
  });
  return {
    money: answer(manClass[0] === 'M', V.MAN_EVIDENCE.money),
    authority: answer(manClass[2] === 'A', V.MAN_EVIDENCE.authority),
    need: answer(manClass[4] === 'N', V.MAN_EVIDENCE.need),
  };
};

/** Leads missing one letter often find it later (the decision maker, the need, the money): qualified again as M+A+N. */
const requalification = (rng: Prng, manClass: ManClass): { manClass: ManClass; answers: ReturnType<typeof manAnswers> } | undefined => {
  const found: Partial<Record<ManClass, string>> = {
    'M+a+N': 'found the decision maker: the general manager',
    'M+A+n': 'energy audit showed the savings: need created',
    'm+A+N': 'leasing arranged through the bank',
  };
  const evidence = found[manClass];
  if (!evidence || !rng.chance(0.35)) return undefined;
  const answers = manAnswers(rng, 'M+A+N');
  const letter = manClass === 'M+a+N' ? 'authority' : manClass === 'M+A+n' ? 'need' : 'money';
  return { manClass: 'M+A+N', answers: { ...answers, [letter]: { has: true, evidence } } };
};

/** The whole funnel path of a lead, rolled at capture: advances, a slip back, lost, a reopening, won. */
const rollPath = (rng: Prng, manClass: ManClass): Move[] => {
  if (manClass === 'm+a+n') return rng.chance(0.35) ? [{ kind: 'lost' }] : [];
  const strength = manClass === 'M+A+N' ? 'strong' : ['M+A+n', 'M+a+N', 'm+A+N'].includes(manClass) ? 'fair' : 'weak';
  const moves: Move[] = [];
  let funnel = FUNNEL[strength];
  let stage: OpenStage = 'D';
  let slipped = false;
  let reopened = false;
  for (;;) {
    if (stage === 'B' && !slipped && rng.chance(0.08)) {
      slipped = true;
      moves.push({ kind: 'back' });
      stage = 'C';
      continue;
    }
    const [advance, lost] = funnel[stage];
    const roll = rng.next();
    if (roll < advance) {
      const to: 'C' | 'B' | 'A' | 'won' = NEXT_STAGE[stage];
      if (to === 'won') {
        moves.push({ kind: 'won' });
        return moves;
      }
      moves.push({ kind: 'advance', to });
      stage = to;
    } else if (roll < advance + lost) {
      moves.push({ kind: 'lost' });
      if (reopened || !rng.chance(0.07)) return moves;
      reopened = true;
      moves.push({ kind: 'reopen' });
      stage = 'C';
      funnel = FUNNEL.weak;
    } else {
      return moves;
    }
  }
};

const creditScores = (rng: Prng): CreditScores => ({
  character: Number(rng.weighted({ 5: 28, 4: 36, 3: 24, 2: 9, 1: 3 })),
  capacity: rng.int(2, 5),
  capital: rng.int(2, 5),
  collateral: rng.int(1, 5),
  conditions: rng.int(2, 5),
});

const mainProduct = (rng: Prng, kind: LeadKind) => rng.pick(V.PRODUCTS.filter((p) => p.unitPrice >= 3000 && (kind === 'organisation' || p.forPersons)));

/** Items worth about `target`: a main product and perhaps accessories or service. */
const orderItems = (rng: Prng, kind: LeadKind, target: number, main?: (typeof V.PRODUCTS)[number]): OrderItem[] => {
  const catalogue = V.PRODUCTS.filter((p) => kind === 'organisation' || p.forPersons);
  const first = main ?? rng.pick(catalogue);
  const extras = rng.sample(catalogue.filter((p) => p !== first), rng.int(0, 2));
  const share = extras.length === 0 ? 1 : rng.between(0.6, 0.9);
  const items = [{ sku: first.sku, description: first.description, quantity: Math.max(1, Math.round((target * share) / first.unitPrice)), unitPrice: first.unitPrice }];
  for (const extra of extras) {
    items.push({ sku: extra.sku, description: extra.description, quantity: Math.max(1, Math.round((target * (1 - share)) / extras.length / extra.unitPrice)), unitPrice: extra.unitPrice });
  }
  return items;
};

const profileUpdate = (rng: Prng, c: CustomerSim) => {
  if (c.kind === 'person') {
    return { individual: { education: rng.pick(V.EDUCATION), family: rng.pick(V.FAMILY), interests: rng.pick(V.INTERESTS), businessBackground: rng.pick(V.BUSINESS_BACKGROUND) } };
  }
  // Facts a won lead's file does not carry yet (customerFromWonLead copies the rest), so the update always changes something.
  return {
    organisation: {
      branches: rng.sample(V.CITIES.map(([other]) => other), rng.int(1, 3)),
      partners: rng.sample(V.BRANDS.map(([brand]) => `${brand}物流`), rng.int(1, 2)),
      annualSpend: roundTo(rng.logBetween(20_000, 800_000), 1000),
    },
  };
};

/** Seed 002: satisfaction is perceived against expected; fast resolutions please, slow or reopened ones do not. */
const satisfaction = (rng: Prng, resolutionHours: number, reopened: boolean) => {
  const expectedService = Number(rng.weighted({ 3: 30, 4: 45, 5: 25 }));
  const delta = (resolutionHours <= 24 ? rng.int(-1, 1) : resolutionHours <= 96 ? rng.int(-2, 0) : rng.int(-3, 0)) - (reopened ? 1 : 0);
  const perceivedService = Math.min(5, Math.max(1, expectedService + delta));
  const gap = perceivedService - expectedService;
  const likelihoodToRecommend = gap >= 1 ? rng.int(9, 10) : gap === 0 ? rng.int(7, 9) : gap === -1 ? rng.int(5, 7) : rng.int(0, 5);
  return {
    expectedService,
    perceivedService,
    likelihoodToRecommend,
    wouldBuyAgain: rng.chance(gap >= -1 ? 0.85 : 0.35),
    consideredOtherBrands: rng.chance(gap < 0 ? 0.6 : 0.15),
    wouldRaiseWithUsFirst: rng.chance(gap >= 0 ? 0.85 : 0.5),
    comment: rng.chance(0.4) ? rng.pick(V.SATISFACTION_COMMENTS) : undefined,
  };
};
