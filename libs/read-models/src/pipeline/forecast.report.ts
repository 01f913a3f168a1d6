import { LEAD_STAGES, OPEN_STAGES, OpenLeadStage } from '@app/domain/lead';
import { money } from '@app/domain/shared';
import { PipelineDoc } from './pipeline.projection';
import { LeadGrouping, leadsAsOf } from './lead-history';
import { GroupedTallies, LeadFacts, LeadLine, Tally, byLeadId, leadFacts } from './lead-tallies';
import { SortedList } from '../shared/sorted-list';
import { ratio } from '../shared/statistics';

const WON = LEAD_STAGES.indexOf('won');
const LAST_OPEN_STAGE = OPEN_STAGES.length - 1;
const leadIdOf = (line: LeadLine): string => line.leadId;

export type StageRates = Partial<Record<OpenLeadStage, number>>;

export interface ForecastOptions {
  readonly groupBy?: LeadGrouping;
  /** Close rates set per stage (0–1); a stage left out uses the rate learned from history. */
  readonly configuredRates?: StageRates;
  /** The forecast is made as of now: history after it is not known yet, leads captured after it do not count. */
  readonly now: string;
}

export type RateSource = 'learned' | 'configured';

/** A stage's close rate and where it came from; the learned sample is always shown, for comparison. */
export interface StageRate {
  readonly stage: OpenLeadStage;
  readonly rate: number | null;
  readonly rateSource: RateSource;
  /** How many leads that reached the stage are closed (won or lost): the sample the learned rate is from. */
  readonly closedSample: number;
  /** won / closedSample; null when none closed. */
  readonly learnedRate: number | null;
  readonly sample: { readonly won: readonly string[]; readonly lost: readonly string[] };
}

export interface LeadContribution {
  readonly leadId: string;
  /** expectedAmount, 0 when the lead has none. */
  readonly amount: number;
  /** amount × rate, in cents; null when the stage has no rate. */
  readonly contribution: number | null;
}

export interface ForecastBasis {
  readonly rate: number | null;
  readonly rateSource: RateSource;
  readonly closedSample: number;
  readonly leads: readonly LeadContribution[];
}

export interface StageForecast {
  readonly stage: OpenLeadStage;
  readonly leads: number;
  readonly amount: number;
  readonly rate: number | null;
  /** Σ contributions; null when the stage has open leads but no rate. */
  readonly forecast: number | null;
  readonly basis: ForecastBasis;
}

export interface ForecastTotal {
  readonly leads: number;
  readonly amount: number;
  /** Σ of the stage forecasts that have a rate. */
  readonly forecast: number;
  /** Leads left out of `forecast` because their stage has no rate (no history, none configured). */
  readonly unratedLeadIds: readonly string[];
  readonly basis: {
    readonly stages: readonly { readonly stage: OpenLeadStage; readonly forecast: number | null; readonly basis: ForecastBasis }[];
  };
}

export interface ForecastGroup {
  readonly key: string;
  readonly stages: readonly StageForecast[];
  readonly total: ForecastTotal;
}

export interface ForecastReport {
  readonly asOf: string;
  readonly groupBy: LeadGrouping | null;
  readonly rates: Readonly<Record<OpenLeadStage, StageRate>>;
  readonly total: ForecastTotal;
  readonly groups: readonly ForecastGroup[];
}

/**
 * Per open stage, the closed leads that reached it, won and lost, in id order: the samples the
 * learned rates come from (DOMAIN §3, seed 002).
 */
export class CloseRatesTally {
  private readonly won = OPEN_STAGES.map(() => new SortedList<LeadLine>(byLeadId));
  private readonly lost = OPEN_STAGES.map(() => new SortedList<LeadLine>(byLeadId));
  /** Per stage, the samples as last listed, until a lead comes or goes (shared by the answers: never mutated). */
  private readonly listed: ({ readonly won: readonly string[]; readonly lost: readonly string[] } | undefined)[] = OPEN_STAGES.map(() => undefined);

  add(facts: LeadFacts, sign: 1 | -1 = 1): void {
    if (facts.open) return;
    const lists = facts.stage === WON ? this.won : this.lost;
    // A lead that closed from a stage reached every stage before it; `won` is ranked past A.
    for (let stage = 0; stage <= Math.min(facts.furthest, LAST_OPEN_STAGE); stage++) {
      if (sign > 0) lists[stage].insert(facts.line);
      else lists[stage].remove(facts.line);
      this.listed[stage] = undefined;
    }
  }

  rates(configuredRates: StageRates): Record<OpenLeadStage, StageRate> {
    return Object.fromEntries(
      OPEN_STAGES.map((stage, s) => {
        const { won, lost } = (this.listed[s] ??= { won: this.won[s].map(leadIdOf), lost: this.lost[s].map(leadIdOf) });
        const learnedRate = ratio(won.length, won.length + lost.length);
        const configured = configuredRates[stage];
        const rate: StageRate = {
          stage,
          rate: configured ?? learnedRate,
          rateSource: configured === undefined ? 'learned' : 'configured',
          closedSample: won.length + lost.length,
          learnedRate,
          sample: { won, lost },
        };
        return [stage, rate];
      }),
    ) as Record<OpenLeadStage, StageRate>;
  }
}

/** A stage's open leads priced at a rate: each lead's contribution and the sums. */
interface Priced {
  readonly rate: number | null;
  readonly leads: readonly LeadContribution[];
  readonly amount: number;
  readonly forecast: number | null;
}

/** The open leads of one group per stage, in id order. */
export class ForecastTally implements Tally {
  private readonly open = OPEN_STAGES.map(() => new SortedList<LeadLine>(byLeadId));
  /**
   * Per stage, its leads as last priced, until a lead comes or goes or the rate differs: the lists
   * are most of a forecast's answer, and rebuilding them per query would cost more than the rest.
   * Shared by the answers, never mutated.
   */
  private readonly priced: (Priced | undefined)[] = OPEN_STAGES.map(() => undefined);
  private leads = 0;

  get empty(): boolean {
    return this.leads === 0;
  }

  /** Open leads only: a closed one is in no forecast list. */
  add(facts: LeadFacts, sign: 1 | -1 = 1): void {
    if (!facts.open) return;
    this.leads += sign;
    if (sign > 0) this.open[facts.openStage].insert(facts.line);
    else this.open[facts.openStage].remove(facts.line);
    this.priced[facts.openStage] = undefined;
  }

  group(key: string, rates: Readonly<Record<OpenLeadStage, StageRate>>): ForecastGroup {
    const stages = OPEN_STAGES.map((stage, s): StageForecast => {
      const rate = rates[stage];
      const { leads, amount, forecast } = this.pricedAt(s, rate.rate);
      return { stage, leads: leads.length, amount, rate: rate.rate, forecast, basis: { rate: rate.rate, rateSource: rate.rateSource, closedSample: rate.closedSample, leads } };
    });
    return { key, stages, total: totalOf(stages) };
  }

  private pricedAt(stage: number, rate: number | null): Priced {
    const known = this.priced[stage];
    if (known && known.rate === rate) return known;
    const leads = this.open[stage].map(({ leadId, amount }): LeadContribution => ({ leadId, amount, contribution: rate === null ? null : money(amount * rate) }));
    const amount = money(leads.reduce((sum, lead) => sum + lead.amount, 0));
    const forecast = rate === null && leads.length > 0 ? null : money(leads.reduce((sum, lead) => sum + (lead.contribution ?? 0), 0));
    return (this.priced[stage] = { rate, leads, amount, forecast });
  }
}

export const NO_OPEN_LEADS: ForecastTally = new ForecastTally();

const totalOf = (stages: readonly StageForecast[]): ForecastTotal => ({
  leads: stages.reduce((sum, stage) => sum + stage.leads, 0),
  amount: money(stages.reduce((sum, stage) => sum + stage.amount, 0)),
  forecast: money(stages.reduce((sum, stage) => sum + (stage.forecast ?? 0), 0)),
  unratedLeadIds: stages.filter((stage) => stage.forecast === null).flatMap((stage) => stage.basis.leads.map((lead) => lead.leadId)),
  basis: { stages: stages.map(({ stage, forecast, basis }) => ({ stage, forecast, basis })) },
});

/** The report from its tallies: rates from every closed lead, the total and each group that has open leads. */
export const forecastOf = (
  closed: CloseRatesTally,
  total: ForecastTally,
  groups: GroupedTallies<ForecastTally>,
  configuredRates: StageRates,
  now: string,
): ForecastReport => {
  const rates = closed.rates(configuredRates);
  return {
    asOf: now,
    groupBy: groups.groupBy ?? null,
    rates,
    total: total.group('all', rates).total,
    groups: groups.sorted().map(([key, tally]) => tally.group(key, rates)),
  };
};

/**
 * The sales forecast (DOMAIN §3): for every open lead, its expected amount × its stage's close rate,
 * summed per stage and group. Rates are learned from all leads (not per group), so a small group's
 * forecast does not swing on a handful of closes; every figure lists the leads (in id order) and the
 * rate behind it.
 */
export const forecastReport = (leads: readonly PipelineDoc[], options: ForecastOptions): ForecastReport => {
  const { groupBy, configuredRates = {}, now } = options;
  const closed = new CloseRatesTally();
  const total = new ForecastTally();
  const groups = new GroupedTallies(groupBy, () => new ForecastTally());
  for (const view of leadsAsOf(leads, now)) {
    const facts = leadFacts(view);
    closed.add(facts);
    if (!facts.open) continue;
    total.add(facts);
    groups.add(facts);
  }
  return forecastOf(closed, total, groups, configuredRates, now);
};
