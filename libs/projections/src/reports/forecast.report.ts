import { OPEN_STAGES, OpenLeadStage } from '@app/domain/lead';
import { money } from '@app/domain/shared';
import { PipelineDoc } from '../pipeline.projection';
import { LeadAsOf, LeadGrouping, leadGroupKeys, leadsAsOf, outcomesOf, reached } from './lead-history';
import { groupByKeys, ratio } from './statistics';

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

/** Of the leads that reached the stage and then closed, the share won (DOMAIN §3, seed 002). */
const stageRate = (stage: OpenLeadStage, views: readonly LeadAsOf[], configured: number | undefined): StageRate => {
  const { won, lost } = outcomesOf(views.filter((view) => reached(view, stage)));
  const learnedRate = ratio(won.length, won.length + lost.length);
  return {
    stage,
    rate: configured ?? learnedRate,
    rateSource: configured === undefined ? 'learned' : 'configured',
    closedSample: won.length + lost.length,
    learnedRate,
    sample: { won: won.map((view) => view.lead.leadId), lost: lost.map((view) => view.lead.leadId) },
  };
};

const stageForecast = (stage: OpenLeadStage, open: readonly LeadAsOf[], rate: StageRate): StageForecast => {
  const leads = open
    .filter((view) => view.stage === stage)
    .map((view): LeadContribution => {
      const amount = view.lead.expectedAmount ?? 0;
      return { leadId: view.lead.leadId, amount, contribution: rate.rate === null ? null : money(amount * rate.rate) };
    });
  const amount = money(leads.reduce((sum, lead) => sum + lead.amount, 0));
  const forecast = rate.rate === null && leads.length > 0 ? null : money(leads.reduce((sum, lead) => sum + (lead.contribution ?? 0), 0));
  return {
    stage,
    leads: leads.length,
    amount,
    rate: rate.rate,
    forecast,
    basis: { rate: rate.rate, rateSource: rate.rateSource, closedSample: rate.closedSample, leads },
  };
};

const totalOf = (stages: readonly StageForecast[]): ForecastTotal => ({
  leads: stages.reduce((sum, stage) => sum + stage.leads, 0),
  amount: money(stages.reduce((sum, stage) => sum + stage.amount, 0)),
  forecast: money(stages.reduce((sum, stage) => sum + (stage.forecast ?? 0), 0)),
  unratedLeadIds: stages.filter((stage) => stage.forecast === null).flatMap((stage) => stage.basis.leads.map((lead) => lead.leadId)),
  basis: { stages: stages.map(({ stage, forecast, basis }) => ({ stage, forecast, basis })) },
});

const groupOf = (key: string, open: readonly LeadAsOf[], rates: Record<OpenLeadStage, StageRate>): ForecastGroup => {
  const stages = OPEN_STAGES.map((stage) => stageForecast(stage, open, rates[stage]));
  return { key, stages, total: totalOf(stages) };
};

/**
 * The sales forecast (DOMAIN §3): for every open lead, its expected amount × its stage's close rate,
 * summed per stage and group. Rates are learned from all leads (not per group), so a small group's
 * forecast does not swing on a handful of closes; every figure lists the leads and the rate behind it.
 */
export const forecastReport = (leads: readonly PipelineDoc[], options: ForecastOptions): ForecastReport => {
  const { groupBy, configuredRates = {}, now } = options;
  const views = leadsAsOf(leads, now);
  const rates = Object.fromEntries(
    OPEN_STAGES.map((stage) => [stage, stageRate(stage, views, configuredRates[stage])]),
  ) as Record<OpenLeadStage, StageRate>;
  const open = views.filter((view) => view.open);
  const total = groupOf('all', open, rates);
  return {
    asOf: now,
    groupBy: groupBy ?? null,
    rates,
    total: total.total,
    groups: groupByKeys(open, (view) => leadGroupKeys(view.lead, groupBy)).map(([key, members]) => groupOf(key, members, rates)),
  };
};
