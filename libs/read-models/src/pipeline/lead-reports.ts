import { MirrorIndex } from '@app/projection-engine';
import { PipelineDoc } from './pipeline.projection';
import { ForecastReport, ForecastTally, CloseRatesTally, NO_OPEN_LEADS, StageRates, forecastOf } from './forecast.report';
import { FunnelReport, FunnelTally, NO_FUNNEL_LEADS, funnelOf } from './funnel.report';
import { LeadGrouping, leadAsOf } from './lead-history';
import { GroupedTallies, LeadFacts, leadFacts } from './lead-tallies';
import { SortedList } from '../shared/sorted-list';
import { toMillis } from '../shared/statistics';

/**
 * Whose leads a report counts: all of them (undefined), one owner's, one team's, or none. The shape
 * of the API's ownership filter, so its access rule decides and this only selects.
 */
export type LeadScope = { readonly ownerId: string } | { readonly teamId: string } | { readonly none: true } | undefined;

/** Whether a lead is in the scope: the same selection as the kept tallies' scopes, for the reports computed in full. */
export const inScope = (scope: LeadScope, lead: Pick<PipelineDoc, 'ownerId' | 'teamId'>): boolean =>
  scope === undefined || ('ownerId' in scope ? lead.ownerId === scope.ownerId : 'teamId' in scope ? lead.teamId === scope.teamId : false);

const GROUPINGS: readonly (LeadGrouping | undefined)[] = [undefined, 'owner', 'team', 'source', 'product', 'month'];

/**
 * The funnel and forecast tallies of one set of leads (all, an owner's, a team's). Each grouping's
 * tallies are built from the members the first time a report asks for them, then kept: the first
 * report of a scope and grouping pays for one pass over its leads, and groupings nobody asks for
 * cost nothing per change.
 */
class ScopeTallies {
  /** The leads in scope, by document id. */
  readonly members = new Map<string, LeadFacts>();
  private readonly funnel: (GroupedTallies<FunnelTally> | undefined)[] = GROUPINGS.map(() => undefined);
  private readonly forecast: (GroupedTallies<ForecastTally> | undefined)[] = GROUPINGS.map(() => undefined);
  private closed: CloseRatesTally | undefined;

  constructor(members: Iterable<LeadFacts> = []) {
    for (const facts of members) this.members.set(facts.lead._id, facts);
  }

  add(facts: LeadFacts, sign: 1 | -1): void {
    if (sign > 0) this.members.set(facts.lead._id, facts);
    else this.members.delete(facts.lead._id);
    this.closed?.add(facts, sign);
    for (const groups of this.funnel) groups?.add(facts, sign);
    if (facts.open) for (const groups of this.forecast) groups?.add(facts, sign);
  }

  funnelGroups(groupBy: LeadGrouping | undefined): GroupedTallies<FunnelTally> {
    const index = GROUPINGS.indexOf(groupBy);
    return (this.funnel[index] ??= this.filled(new GroupedTallies(groupBy, () => new FunnelTally()), false));
  }

  forecastGroups(groupBy: LeadGrouping | undefined): GroupedTallies<ForecastTally> {
    const index = GROUPINGS.indexOf(groupBy);
    return (this.forecast[index] ??= this.filled(new GroupedTallies(groupBy, () => new ForecastTally()), true));
  }

  closedLeads(): CloseRatesTally {
    return (this.closed ??= this.filled(new CloseRatesTally(), false));
  }

  private filled<T extends { add(facts: LeadFacts, sign: 1 | -1): void }>(tally: T, openOnly: boolean): T {
    for (const facts of this.members.values()) if (!openOnly || facts.open) tally.add(facts, 1);
    return tally;
  }
}

const NO_LEADS = new ScopeTallies();

/**
 * Whether a change touches what the funnel and forecast read of a lead (LeadFacts, the group keys,
 * the scopes): most writes are activities, qualifications and consent changes, which do not.
 */
const readByReports = (before: PipelineDoc, after: PipelineDoc): boolean =>
  before.stageHistory !== after.stageHistory ||
  before.expectedAmount !== after.expectedAmount ||
  before.ownerId !== after.ownerId ||
  before.teamId !== after.teamId ||
  before.source !== after.source ||
  before.capturedAt !== after.capturedAt ||
  before.captureMonth !== after.captureMonth ||
  before.leadId !== after.leadId ||
  (before.productInterest !== after.productInterest &&
    (before.productInterest.length !== after.productInterest.length || before.productInterest.some((product, index) => product !== after.productInterest[index])));

/**
 * The funnel and forecast as they stand now, over every capture, kept as the pipeline read model
 * changes instead of computed from every lead per query: the dashboard's and the default report
 * questions answer from it in time independent of the number of leads (but for the forecast's lead
 * lists). Fed by the pipeline's DocumentMirror (built from all documents, then told of every
 * committed write: the old document's facts come out, the new one's go in); one set of tallies for
 * all leads, one per owner and one per team, so a rep's and a manager's reports are as quick.
 * Reports with a period, asOf or knownAt select leads and history freely: they are computed in full.
 */
export class LeadReports implements MirrorIndex<PipelineDoc> {
  private readonly all = new ScopeTallies();
  /** Scopes made when first asked for (a rep's, a manager's), then kept up to date like `all`. */
  private readonly owners = new Map<string, ScopeTallies>();
  private readonly teams = new Map<string, ScopeTallies>();
  /** Per lead, its latest stage entry: the forecast, read as of now, can use the tallies only when none lies after now. */
  private readonly latest = new SortedList<number>((a, b) => a - b);

  constructor(docs: readonly PipelineDoc[] = []) {
    for (const doc of docs) this.change(null, doc);
  }

  change(before: PipelineDoc | null, after: PipelineDoc | null): void {
    const known = this.all.members.get((before ?? after)!._id);
    if (known && after && !readByReports(known.lead, after)) {
      // Same figures: only the document is new (the old one is not held on to).
      const facts = { ...known, lead: after };
      for (const scope of this.scopesOf(known)) scope.members.set(after._id, facts);
      return;
    }
    if (known) {
      for (const scope of this.scopesOf(known)) scope.add(known, -1);
      this.latest.remove(known.latestMs);
    }
    if (after) {
      const facts = leadFacts(leadAsOf(after)!);
      for (const scope of this.scopesOf(facts)) scope.add(facts, 1);
      this.latest.insert(facts.latestMs);
    }
  }

  /** The funnel now (FunnelReport without period, asOf or knownAt), of the leads in scope. */
  funnel(scope: LeadScope, options: { readonly groupBy?: LeadGrouping; readonly now: string }): FunnelReport {
    const tallies = this.scope(scope);
    const total = tallies.funnelGroups(undefined).get('all') ?? NO_FUNNEL_LEADS;
    return funnelOf(total, tallies.funnelGroups(options.groupBy), { from: null, to: null, asOf: null, knownAt: null }, options.now);
  }

  /**
   * The forecast now, of the leads in scope; undefined when some lead has a stage entry dated after
   * `now` (the forecast leaves those out: compute it in full).
   */
  forecast(scope: LeadScope, options: { readonly groupBy?: LeadGrouping; readonly configuredRates?: StageRates; readonly now: string }): ForecastReport | undefined {
    const latest = this.latest.last();
    if (latest !== undefined && !(latest <= toMillis(options.now))) return undefined;
    const tallies = this.scope(scope);
    const total = tallies.forecastGroups(undefined).get('all') ?? NO_OPEN_LEADS;
    return forecastOf(tallies.closedLeads(), total, tallies.forecastGroups(options.groupBy), options.configuredRates ?? {}, options.now);
  }

  private scope(scope: LeadScope): ScopeTallies {
    if (scope === undefined) return this.all;
    if ('ownerId' in scope) return this.scoped(this.owners, scope.ownerId, (lead) => lead.ownerId === scope.ownerId);
    if ('teamId' in scope) return this.scoped(this.teams, scope.teamId, (lead) => lead.teamId === scope.teamId);
    return NO_LEADS;
  }

  private scoped(scopes: Map<string, ScopeTallies>, key: string, belongs: (lead: PipelineDoc) => boolean): ScopeTallies {
    let tallies = scopes.get(key);
    if (!tallies) scopes.set(key, (tallies = new ScopeTallies([...this.all.members.values()].filter((facts) => belongs(facts.lead)))));
    return tallies;
  }

  /** The scopes kept that the lead is in: all leads, and its owner's and team's when asked for before. */
  private scopesOf(facts: LeadFacts): ScopeTallies[] {
    const scopes = [this.all];
    const owner = this.owners.get(facts.lead.ownerId);
    const team = this.teams.get(facts.lead.teamId);
    if (owner) scopes.push(owner);
    if (team) scopes.push(team);
    return scopes;
  }
}

/** Builds the aggregates from the pipeline documents: the key the API asks the pipeline's mirror for them by. */
export const leadReportsOf = (docs: readonly PipelineDoc[]): LeadReports => new LeadReports(docs);
