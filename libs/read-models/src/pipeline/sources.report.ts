import { LeadSource } from '@app/domain/lead';
import { money } from '@app/domain/shared';
import { PipelineDoc } from './pipeline.projection';
import { daysToClose, inPeriod, leadsAsOf, outcomesOf } from './lead-history';
import { groupByKeys, median, ratio, round } from '../shared/statistics';

export interface SourcesOptions {
  /** Period on capturedAt: from inclusive, to exclusive. */
  readonly from?: string;
  readonly to?: string;
}

/** How well one prospecting method (DOMAIN §1) works. */
export interface SourceRow {
  readonly source: LeadSource;
  readonly leads: number;
  /** Leads whose current MAN class is M+A+N (ideal prospects). */
  readonly qualified: number;
  readonly qualifiedShare: number | null;
  readonly won: number;
  readonly lost: number;
  readonly winRate: number | null;
  /** Σ won amounts. */
  readonly revenueWon: number;
  readonly medianDaysToWin: number | null;
}

export interface SourcesReport {
  readonly from: string | null;
  readonly to: string | null;
  readonly sources: readonly SourceRow[];
}

export const IDEAL_PROSPECT = 'M+A+N';

const sourceRow = (source: LeadSource, leads: readonly PipelineDoc[]): SourceRow => {
  const { won, lost } = outcomesOf(leadsAsOf(leads));
  const qualified = leads.filter((lead) => lead.manClass === IDEAL_PROSPECT).length;
  return {
    source,
    leads: leads.length,
    qualified,
    qualifiedShare: ratio(qualified, leads.length),
    won: won.length,
    lost: lost.length,
    winRate: ratio(won.length, won.length + lost.length),
    revenueWon: money(won.reduce((sum, view) => sum + (view.lead.wonAmount ?? 0), 0)),
    medianDaysToWin: round(median(daysToClose(won))),
  };
};

/** Per lead source: how many leads, how many ideal prospects, how many won, for how much, how fast. */
export const sourcesReport = (leads: readonly PipelineDoc[], options: SourcesOptions = {}): SourcesReport => {
  const { from, to } = options;
  const inScope = leads.filter((lead) => inPeriod(lead.capturedAt, from, to));
  return {
    from: from ?? null,
    to: to ?? null,
    sources: groupByKeys(inScope, (lead) => [lead.source]).map(([source, members]) => sourceRow(source as LeadSource, members)),
  };
};
