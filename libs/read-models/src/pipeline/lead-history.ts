import { LeadStage } from '@app/domain/lead';
import { PipelineDoc, StageEntry } from './pipeline.projection';
import { compareTimes, daysBetween } from '../shared/statistics';

/**
 * A lead's funnel history read at a point in time: the one place the funnel, forecast and sources
 * reports learn what stage a lead was in, how far it got and when it closed.
 */

/** The stages a lead moves down, in order; `lost` is not on the way down. */
export const FUNNEL_STAGES = ['D', 'C', 'B', 'A', 'won'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export const stageRank = (stage: FunnelStage): number => FUNNEL_STAGES.indexOf(stage);

export interface LeadAsOf {
  readonly lead: PipelineDoc;
  /** The history entries up to the moment (all of them without one). */
  readonly history: readonly StageEntry[];
  readonly stage: LeadStage;
  readonly open: boolean;
  /** When the lead entered its current closed stage; null while open. */
  readonly closedAt: string | null;
  /**
   * Rank of the furthest funnel stage it reached. A lead that skipped a stage reached it (D → A
   * reached C and B); being lost reaches nothing.
   */
  readonly furthest: number;
}

/** Does the entry lie within both cut-offs (each inclusive; a missing one cuts nothing)? */
const within = (entry: StageEntry, asOf: string | undefined, knownAt: string | undefined): boolean =>
  (asOf === undefined || compareTimes(entry.at, asOf) <= 0) && (knownAt === undefined || compareTimes(entry.recordedAt, knownAt) <= 0);

/**
 * The lead as it stood at `asOf` (business time, inclusive) according to what had been recorded by
 * `knownAt` (inclusive), or null when its capture lies beyond either: captured later, or not yet
 * known then (imported afterwards). Moves recorded after `knownAt` are left out even when back-dated
 * to before `asOf`; the ones kept stay at their business time.
 */
export const leadAsOf = (lead: PipelineDoc, asOf?: string, knownAt?: string): LeadAsOf | null => {
  const [capture] = lead.stageHistory;
  if (!within(capture, asOf, knownAt)) return null;
  const history = asOf === undefined && knownAt === undefined ? lead.stageHistory : lead.stageHistory.filter((entry) => within(entry, asOf, knownAt));
  const last = history[history.length - 1];
  const closed = last.stage === 'won' || last.stage === 'lost';
  const furthest = Math.max(...history.filter((entry) => entry.stage !== 'lost').map((entry) => stageRank(entry.stage as FunnelStage)));
  return { lead, history, stage: last.stage, open: !closed, closedAt: closed ? last.at : null, furthest };
};

/**
 * Whether the lead's history says when each move was recorded. Documents built before it did (pipeline
 * read model version 1, until the rebuild an upgrade starts has replaced them) cannot answer knownAt.
 */
export const knowsRecordingTimes = (lead: PipelineDoc): boolean => lead.stageHistory.every((entry) => typeof entry.recordedAt === 'string');

export const leadsAsOf = (leads: readonly PipelineDoc[], asOf?: string, knownAt?: string): LeadAsOf[] =>
  leads.map((lead) => leadAsOf(lead, asOf, knownAt)).filter((view): view is LeadAsOf => view !== null);

export const reached = (view: LeadAsOf, stage: FunnelStage): boolean => view.furthest >= stageRank(stage);

/** Closed leads' outcomes: what win rates and times to close are computed from. */
export interface Outcomes {
  readonly won: readonly LeadAsOf[];
  readonly lost: readonly LeadAsOf[];
}

export const outcomesOf = (views: readonly LeadAsOf[]): Outcomes => ({
  won: views.filter((view) => view.stage === 'won'),
  lost: views.filter((view) => view.stage === 'lost'),
});

/** Days from capture to close of each lead. */
export const daysToClose = (views: readonly LeadAsOf[]): number[] => views.map((view) => daysBetween(view.lead.capturedAt, view.closedAt!));

/** Half-open period on an instant: `from` inclusive, `to` exclusive; either may be left out. */
export const inPeriod = (at: string, from?: string, to?: string): boolean =>
  (from === undefined || compareTimes(at, from) >= 0) && (to === undefined || compareTimes(at, to) < 0);

/** The dimensions leads are grouped by in the funnel, forecast and sources reports. */
export type LeadGrouping = 'owner' | 'team' | 'source' | 'product' | 'month';

export const NO_PRODUCT = '(none)';

/** The group(s) of a lead: one, except by product, where a lead counts once under each product it is interested in. */
export const leadGroupKeys = (lead: PipelineDoc, groupBy: LeadGrouping | undefined): readonly string[] => {
  switch (groupBy) {
    case undefined:
      return ['all'];
    case 'owner':
      return [lead.ownerId];
    case 'team':
      return [lead.teamId];
    case 'source':
      return [lead.source];
    case 'product':
      return lead.productInterest.length > 0 ? [...new Set(lead.productInterest)] : [NO_PRODUCT];
    case 'month':
      return [lead.captureMonth];
  }
};
