import {
  ActivityType,
  ConsentPurpose,
  LEAD_EVENT_TYPES,
  LeadCapturedData,
  LeadEvent,
  LeadKind,
  LeadSource,
  LeadStage,
  ManClass,
  RecommendedAction,
  Referrer,
  isClosedStage,
} from '@app/domain/lead';
import { RecordedEvent, isAfter } from '@app/domain/shared';
import { Projection, ReadModelDoc } from './projection';
import { narrow, searchTextOf } from './read-model.helpers';
import { monthOf } from './reports/statistics';

/** One step of a lead through the funnel: the stage it entered and when (business time). */
export interface StageEntry {
  readonly stage: LeadStage;
  readonly at: string;
}

/** One lead in the funnel (DOMAIN §3): what the pipeline, funnel, forecast and follow-up views read. */
export interface PipelineDoc extends ReadModelDoc {
  readonly leadId: string;
  readonly kind: LeadKind;
  readonly name: string;
  readonly ownerId: string;
  readonly teamId: string;
  readonly source: LeadSource;
  readonly referredBy: Referrer | null;
  readonly productInterest: readonly string[];
  readonly stage: LeadStage;
  readonly open: boolean;
  /** D at capture, then one entry per advance (either direction) and per reopening, in log order. */
  readonly stageHistory: readonly StageEntry[];
  readonly stageEnteredAt: string;
  readonly capturedAt: string;
  /** `YYYY-MM` (UTC) of capturedAt, for monthly cohorts. */
  readonly captureMonth: string;
  /** When it was won or lost; null while open. */
  readonly closedAt: string | null;
  readonly manClass: ManClass | null;
  readonly recommendedAction: RecommendedAction | null;
  /** Time of the latest qualification (the one manClass comes from). */
  readonly qualifiedAt: string | null;
  readonly expectedAmount: number | null;
  readonly expectedCloseDate: string | null;
  readonly wonAmount: number | null;
  readonly lostReason: string | null;
  readonly competitor: string | null;
  readonly lastActivityAt: string | null;
  readonly lastActivityType: ActivityType | null;
  /** The follow-up set by the latest activity (as the lead decider keeps it). */
  readonly nextFollowUpAt: string | null;
  readonly activityCount: number;
  readonly consentPurposes: readonly ConsentPurpose[];
  readonly searchText: string;
}

const captured = (data: LeadCapturedData, id: string, position: number): PipelineDoc => ({
  _id: id,
  _position: position,
  leadId: data.leadId,
  kind: data.kind,
  name: data.name,
  ownerId: data.ownerId,
  teamId: data.teamId,
  source: data.source,
  referredBy: data.referredBy ? { kind: data.referredBy.kind, id: data.referredBy.id } : null,
  productInterest: [...data.productInterest],
  stage: 'D',
  open: true,
  stageHistory: [{ stage: 'D', at: data.at }],
  stageEnteredAt: data.at,
  capturedAt: data.at,
  captureMonth: monthOf(data.at),
  closedAt: null,
  manClass: null,
  recommendedAction: null,
  qualifiedAt: null,
  expectedAmount: data.expectedAmount ?? null,
  expectedCloseDate: data.expectedCloseDate ?? null,
  wonAmount: null,
  lostReason: null,
  competitor: null,
  lastActivityAt: null,
  lastActivityType: null,
  nextFollowUpAt: null,
  activityCount: 0,
  consentPurposes: [...data.consent.purposes],
  searchText: searchTextOf(data.name, data.organisation?.legalName),
});

/** Enters a stage: appends to the history; closing fields are cleared, the caller sets the new ones. */
const enter = (doc: PipelineDoc, stage: LeadStage, at: string): PipelineDoc => ({
  ...doc,
  stage,
  open: !isClosedStage(stage),
  stageHistory: [...doc.stageHistory, { stage, at }],
  stageEnteredAt: at,
  closedAt: isClosedStage(stage) ? at : null,
  wonAmount: null,
  lostReason: null,
  competitor: null,
});

const evolve = (doc: PipelineDoc | null, recorded: RecordedEvent, id: string): PipelineDoc | null => {
  const event = narrow<LeadEvent>(recorded);
  if (event.type === 'LeadCaptured') return captured(event.data, id, event.position);
  // Events of a lead that was never captured cannot come from the decider; show nothing rather than invent a lead.
  if (!doc) return null;
  switch (event.type) {
    case 'LeadQualified': {
      const { manClass, recommendedAction, at } = event.data;
      return { ...doc, manClass, recommendedAction, qualifiedAt: at };
    }
    case 'LeadStageAdvanced': {
      const d = event.data;
      return {
        ...enter(doc, d.to, d.at),
        wonAmount: d.to === 'won' ? (d.wonAmount ?? null) : null,
        lostReason: d.to === 'lost' ? (d.lostReason ?? null) : null,
        competitor: d.to === 'lost' ? (d.competitor ?? null) : null,
        expectedAmount: d.expectedAmount ?? doc.expectedAmount,
        expectedCloseDate: d.expectedCloseDate ?? doc.expectedCloseDate,
      };
    }
    case 'LeadReopened':
      return enter(doc, event.data.to, event.data.at);
    case 'LeadActivityLogged': {
      const d = event.data;
      const counted = { ...doc, activityCount: doc.activityCount + 1 };
      // As in the decider: a back-dated activity is counted but does not replace the latest one's follow-up.
      if (doc.lastActivityAt !== null && isAfter(doc.lastActivityAt, d.at)) return counted;
      return { ...counted, lastActivityAt: d.at, lastActivityType: d.activityType, nextFollowUpAt: d.nextFollowUpAt ?? null };
    }
    case 'LeadReassigned':
      return { ...doc, ownerId: event.data.toOwnerId, teamId: event.data.toTeamId };
    default:
      return doc;
  }
};

export const pipelineProjection: Projection<PipelineDoc> = {
  name: 'pipeline',
  version: 1,
  indexes: [
    { fields: [{ field: 'stage' }] },
    { fields: [{ field: 'ownerId' }, { field: 'stage' }] },
    { fields: [{ field: 'teamId' }, { field: 'stage' }] },
    { fields: [{ field: 'source' }] },
    { fields: [{ field: 'manClass' }] },
    { fields: [{ field: 'productInterest' }] },
    // Follow-ups due / overdue: open leads by date.
    { fields: [{ field: 'open' }, { field: 'nextFollowUpAt' }] },
    { fields: [{ field: 'ownerId' }, { field: 'nextFollowUpAt' }] },
    { fields: [{ field: 'nextFollowUpAt' }] },
    // Stuck leads: how long in the current stage.
    { fields: [{ field: 'stage' }, { field: 'stageEnteredAt' }] },
    { fields: [{ field: 'stageEnteredAt' }] },
    { fields: [{ field: 'capturedAt' }] },
    { fields: [{ field: 'captureMonth' }] },
    // Every sort the pipeline offers has its index (a page of a large filter walks it in order).
    { fields: [{ field: 'expectedAmount' }] },
  ],
  eventTypes: LEAD_EVENT_TYPES,
  keys: (event) => [(event.data as { leadId: string }).leadId],
  evolve,
};
