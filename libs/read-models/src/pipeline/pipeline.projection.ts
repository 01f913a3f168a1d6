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
  WORK_QUEUE_CONSENT,
  isClosedStage,
} from '@app/domain/lead';
import { RecordedEvent, isAfter } from '@app/domain/shared';
import { Projection, ReadModelDoc } from '@app/projection-engine';
import { PERSONAL_DATA_ERASED, erasedRecordIds, erasureOf, withPersonalDataErased } from '../shared/personal-data-erasure';
import { narrow, searchTextOf } from '../shared/read-model.helpers';
import { monthOf } from '../shared/statistics';

/**
 * One step of a lead through the funnel: the stage it entered, when (business time) and when the
 * system learned of it. The two differ for back-dated imports and corrections; the funnel report
 * reads the history "as it stood" by `at` and "as it was known" by `recordedAt`.
 */
export interface StageEntry {
  readonly stage: LeadStage;
  readonly at: string;
  readonly recordedAt: string;
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
  /** What the lead consents to now: the purposes given at capture less those withdrawn. */
  readonly consentPurposes: readonly ConsentPurpose[];
  readonly withdrawnPurposes: readonly ConsentPurpose[];
  /** When the lead withdrew the last purpose it consented to: its personal data is erased CONSENT_RETENTION_DAYS later. */
  readonly consentWithdrawnAt: string | null;
  /**
   * Open, marketing consent not withdrawn, personal data not erased: the lead appears in the work
   * queues (follow-ups due and overdue, idle leads) that prompt reps to contact it.
   */
  readonly inWorkQueues: boolean;
  /** When the person's personal data was erased: from then on the name reads "[erased]". */
  readonly personalDataErasedAt: string | null;
  readonly searchText: string;
}

const inWorkQueues = (doc: Pick<PipelineDoc, 'open' | 'withdrawnPurposes' | 'personalDataErasedAt'>): boolean =>
  doc.open && !doc.withdrawnPurposes.includes(WORK_QUEUE_CONSENT) && doc.personalDataErasedAt === null;

const captured = (data: LeadCapturedData, id: string, position: number, recordedAt: string): PipelineDoc => ({
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
  stageHistory: [{ stage: 'D', at: data.at, recordedAt }],
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
  withdrawnPurposes: [],
  consentWithdrawnAt: null,
  inWorkQueues: true,
  personalDataErasedAt: null,
  searchText: searchTextOf(data.name, data.organisation?.legalName),
});

/** Enters a stage: appends to the history; closing fields are cleared, the caller sets the new ones. */
const enter = (doc: PipelineDoc, stage: LeadStage, at: string, recordedAt: string): PipelineDoc => ({
  ...doc,
  stage,
  open: !isClosedStage(stage),
  inWorkQueues: inWorkQueues({ ...doc, open: !isClosedStage(stage) }),
  stageHistory: [...doc.stageHistory, { stage, at, recordedAt }],
  stageEnteredAt: at,
  closedAt: isClosedStage(stage) ? at : null,
  wonAmount: null,
  lostReason: null,
  competitor: null,
});

const consentWithdrawn = (doc: PipelineDoc, withdrawn: readonly ConsentPurpose[], remaining: readonly ConsentPurpose[], at: string): PipelineDoc => {
  const next = {
    ...doc,
    consentPurposes: [...remaining],
    withdrawnPurposes: [...new Set([...doc.withdrawnPurposes, ...withdrawn])],
    consentWithdrawnAt: remaining.length === 0 ? at : null,
  };
  return { ...next, inWorkQueues: inWorkQueues(next) };
};

/** The name (and the search text made from it) as the erased log reads; every business fact stays. */
const erased = (doc: PipelineDoc, erasedAt: string): PipelineDoc => {
  const next = { ...withPersonalDataErased('LeadCaptured', 2, doc), searchText: '', personalDataErasedAt: erasedAt };
  return { ...next, inWorkQueues: inWorkQueues(next) };
};

const evolve = (doc: PipelineDoc | null, recorded: RecordedEvent, id: string): PipelineDoc | null => {
  // The erased person's lead only: an erasure never creates a document.
  if (recorded.type === PERSONAL_DATA_ERASED) return doc && erased(doc, erasureOf(recorded).erasedAt);
  const event = narrow<LeadEvent>(recorded);
  const { recordedAt } = recorded.metadata;
  if (event.type === 'LeadCaptured') return captured(event.data, id, event.position, recordedAt);
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
        ...enter(doc, d.to, d.at, recordedAt),
        wonAmount: d.to === 'won' ? (d.wonAmount ?? null) : null,
        lostReason: d.to === 'lost' ? (d.lostReason ?? null) : null,
        competitor: d.to === 'lost' ? (d.competitor ?? null) : null,
        expectedAmount: d.expectedAmount ?? doc.expectedAmount,
        expectedCloseDate: d.expectedCloseDate ?? doc.expectedCloseDate,
      };
    }
    case 'LeadReopened':
      return enter(doc, event.data.to, event.data.at, recordedAt);
    case 'LeadActivityLogged': {
      const d = event.data;
      const counted = { ...doc, activityCount: doc.activityCount + 1 };
      // As in the decider: a back-dated activity is counted but does not replace the latest one's follow-up.
      if (doc.lastActivityAt !== null && isAfter(doc.lastActivityAt, d.at)) return counted;
      return { ...counted, lastActivityAt: d.at, lastActivityType: d.activityType, nextFollowUpAt: d.nextFollowUpAt ?? null };
    }
    case 'LeadReassigned':
      return { ...doc, ownerId: event.data.toOwnerId, teamId: event.data.toTeamId };
    case 'LeadConsentWithdrawn':
      return consentWithdrawn(doc, event.data.purposes, event.data.remainingPurposes, event.data.at);
    default:
      return doc;
  }
};

export const pipelineProjection: Projection<PipelineDoc> = {
  name: 'pipeline',
  // 2: stage-history entries carry recordedAt. 3: consent withdrawal, work queues and erasure.
  version: 3,
  indexes: [
    { fields: [{ field: 'stage' }] },
    { fields: [{ field: 'ownerId' }, { field: 'stage' }] },
    { fields: [{ field: 'teamId' }, { field: 'stage' }] },
    { fields: [{ field: 'source' }] },
    { fields: [{ field: 'manClass' }] },
    { fields: [{ field: 'productInterest' }] },
    // Follow-ups due / overdue: leads in the work queues by date.
    { fields: [{ field: 'inWorkQueues' }, { field: 'nextFollowUpAt' }] },
    { fields: [{ field: 'ownerId' }, { field: 'nextFollowUpAt' }] },
    { fields: [{ field: 'nextFollowUpAt' }] },
    // Stuck leads: how long in the current stage.
    { fields: [{ field: 'stage' }, { field: 'stageEnteredAt' }] },
    { fields: [{ field: 'stageEnteredAt' }] },
    { fields: [{ field: 'capturedAt' }] },
    { fields: [{ field: 'captureMonth' }] },
    // Leads due for erasure after withdrawing every consent.
    { fields: [{ field: 'consentWithdrawnAt' }] },
    // Every sort the pipeline offers has its index (a page of a large filter walks it in order).
    { fields: [{ field: 'expectedAmount' }] },
  ],
  eventTypes: [...LEAD_EVENT_TYPES, PERSONAL_DATA_ERASED],
  keys: (event) => (event.type === PERSONAL_DATA_ERASED ? erasedRecordIds(event, 'lead') : [(event.data as { leadId: string }).leadId]),
  evolve,
};
