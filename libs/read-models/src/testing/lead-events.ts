import {
  ActivityType,
  LeadActivityLogged,
  LeadCaptured,
  LeadCapturedData,
  LeadEvent,
  LeadQualified,
  LeadReassigned,
  LeadReopened,
  LeadStageAdvanced,
  LeadStageAdvancedData,
  ManClass,
  OpenLeadStage,
  ClosedLeadStage,
  ConsentPurpose,
  LeadConsentWithdrawn,
  classifyMan,
} from '@app/domain/lead';
import { streamName } from '@app/domain/shared';
import { project } from '@app/projection-engine';
import { PipelineDoc, pipelineProjection } from '../pipeline/pipeline.projection';
import { LogEntry, recordLog } from './event-log';

/** Lead events as the lead decider writes them (version, field set), for projection and report specs. */

export const leadCaptured = (leadId: string, at: string, overrides: Partial<LeadCapturedData> = {}): LeadCaptured => ({
  type: 'LeadCaptured',
  version: 2,
  data: {
    leadId,
    kind: 'person',
    name: `Lead ${leadId}`,
    contacts: { phones: ['+86 138 0000 0001'], emails: [] },
    source: 'telemarketing',
    ownerId: 'rep-wang',
    teamId: 'team-east',
    productInterest: ['copier'],
    consent: { purposes: ['sales_contact'] },
    at,
    ...overrides,
  },
});

export const leadQualified = (leadId: string, manClass: ManClass, at: string, previousManClass: ManClass | null = null): LeadQualified => {
  const [m, a, n] = manClass.split('+');
  const answers = { money: { has: m === 'M' }, authority: { has: a === 'A' }, need: { has: n === 'N' } };
  return {
    type: 'LeadQualified',
    version: 1,
    data: { leadId, ...answers, ...classifyMan(answers), previousManClass, at },
  };
};

export const stageAdvanced = (
  leadId: string,
  from: OpenLeadStage,
  to: LeadStageAdvancedData['to'],
  at: string,
  extra: Partial<LeadStageAdvancedData> = {},
): LeadStageAdvanced => {
  const order = ['D', 'C', 'B', 'A', 'won'];
  const direction = to === 'lost' || order.indexOf(to) > order.indexOf(from) ? 'forward' : 'backward';
  return { type: 'LeadStageAdvanced', version: 1, data: { leadId, from, to, direction, at, ...extra } };
};

export const leadReopened = (leadId: string, from: ClosedLeadStage, to: OpenLeadStage, at: string): LeadReopened => ({
  type: 'LeadReopened',
  version: 1,
  data: { leadId, from, to, reason: 'Customer came back with a new budget', at },
});

export const activityLogged = (
  leadId: string,
  activityId: string,
  activityType: ActivityType,
  at: string,
  nextFollowUpAt?: string,
): LeadActivityLogged => ({
  type: 'LeadActivityLogged',
  version: 1,
  data: { leadId, activityId, activityType, outcome: 'Spoke with the buyer', ...(nextFollowUpAt && { nextFollowUpAt }), at },
});

export const leadReassigned = (leadId: string, fromOwnerId: string, toOwnerId: string, at: string, teams = ['team-east', 'team-east']): LeadReassigned => ({
  type: 'LeadReassigned',
  version: 1,
  data: { leadId, fromOwnerId, toOwnerId, fromTeamId: teams[0], toTeamId: teams[1], reason: 'Rep left the company', at },
});

export const consentWithdrawn = (leadId: string, purposes: readonly ConsentPurpose[], remainingPurposes: readonly ConsentPurpose[], at: string): LeadConsentWithdrawn => ({
  type: 'LeadConsentWithdrawn',
  version: 1,
  data: { leadId, purposes, remainingPurposes, at },
});

export const onLead = (event: LeadEvent, actor?: string): LogEntry => ({
  streamId: streamName('lead', event.data.leadId),
  event,
  ...(actor && { actor }),
});

/** A stage move in a journey: to `won` give the amount, to `lost` the reason is filled in. */
export type Move = readonly [to: LeadStageAdvancedData['to'] | `reopen:${OpenLeadStage}`, at: string, wonAmount?: number];

export interface Journey {
  readonly leadId: string;
  readonly capturedAt: string;
  readonly capture?: Partial<LeadCapturedData>;
  readonly manClass?: ManClass;
  readonly moves?: readonly Move[];
}

/** The events of one lead's way through the funnel, in order. */
export const journeyEvents = ({ leadId, capturedAt, capture = {}, manClass, moves = [] }: Journey): LeadEvent[] => {
  const events: LeadEvent[] = [leadCaptured(leadId, capturedAt, capture)];
  if (manClass) events.push(leadQualified(leadId, manClass, capturedAt));
  let stage: OpenLeadStage | ClosedLeadStage = 'D';
  for (const [to, at, wonAmount] of moves) {
    if (to.startsWith('reopen:')) {
      const target = to.slice('reopen:'.length) as OpenLeadStage;
      events.push(leadReopened(leadId, stage as ClosedLeadStage, target, at));
      stage = target;
      continue;
    }
    const target = to as LeadStageAdvancedData['to'];
    const extra = target === 'won' ? { wonAmount } : target === 'lost' ? { lostReason: 'Budget went to a competitor', competitor: 'Ricoh' } : {};
    events.push(stageAdvanced(leadId, stage as OpenLeadStage, target, at, extra));
    stage = target;
  }
  return events;
};

/** Pipeline documents of the journeys, built by the real projection (so report specs read real shapes). */
export const pipelineDocs = (...journeys: readonly Journey[]): PipelineDoc[] => [
  ...project(pipelineProjection, recordLog(journeys.flatMap(journeyEvents).map((event) => onLead(event)))).values(),
];
