import {
  ComplaintCommand,
  ComplaintEvent,
  ComplaintState,
  EscalationLevel,
  LogComplaint,
  RecordSatisfaction,
  complaintDecider,
} from '@app/domain/complaint';
import { DomainError, streamName } from '@app/domain/shared';
import { ComplaintDoc, complaintsProjection } from '../complaints/complaints.projection';
import { project } from '@app/projection-engine';
import { LogEntry, recordLog } from './event-log';

type Answers = Omit<RecordSatisfaction['data'], 'complaintId'>;

/** One step of handling a complaint, as a spec writes it. */
export type ComplaintStep =
  | readonly ['log', at: string, details?: Partial<LogComplaint['data']>]
  | readonly ['acknowledge', at: string]
  | readonly ['escalate', at: string, level: EscalationLevel]
  | readonly ['resolve', at: string]
  | readonly ['reopen', at: string]
  | readonly ['satisfaction', at: string, answers: Answers]
  /** The scheduler marks the latest safety escalation overdue (at = the time it runs). */
  | readonly ['overdue', at: string];

const commandOf = (complaintId: string, customerId: string, step: ComplaintStep, state: ComplaintState): ComplaintCommand => {
  const context = { occurredAt: step[1], now: step[1], actor: 'svc-zhou' };
  switch (step[0]) {
    case 'log':
      return {
        type: 'LogComplaint',
        data: {
          complaintId,
          customerId,
          category: 'delivery',
          touchpoint: 'delivery',
          severity: 'medium',
          channel: 'phone',
          description: 'Copier delivered two days late',
          ...step[2],
        },
        context,
      };
    case 'acknowledge':
      return { type: 'AcknowledgeComplaint', data: { complaintId, handlerId: 'svc-zhou' }, context };
    case 'escalate':
      return { type: 'EscalateComplaint', data: { complaintId, level: step[2], reason: 'Customer reports overheating' }, context };
    case 'resolve':
      return { type: 'ResolveComplaint', data: { complaintId, resolution: 'Replaced the unit' }, context };
    case 'reopen':
      return { type: 'ReopenComplaint', data: { complaintId, reason: 'The fault came back' }, context };
    case 'satisfaction':
      return { type: 'RecordSatisfaction', data: { complaintId, ...step[2] }, context };
    case 'overdue':
      return { type: 'MarkComplaintOverdue', data: { complaintId, trackingNumber: (state.exists && state.pendingTrackingNumber) || '' }, context };
  }
};

/**
 * The events the real complaint decider writes for these steps (response and resolution minutes,
 * PPSC tracking numbers and deadlines included). Throws on a refusal: the spec's story is wrong.
 */
export const complaintEvents = (complaintId: string, customerId: string, steps: readonly ComplaintStep[]): ComplaintEvent[] => {
  let state: ComplaintState = complaintDecider.initialState;
  const events: ComplaintEvent[] = [];
  for (const step of steps) {
    const decision = complaintDecider.decide(commandOf(complaintId, customerId, step, state), state);
    if (decision instanceof DomainError) throw new Error(`${step[0]} refused: ${decision.message}`);
    for (const event of decision) {
      state = complaintDecider.evolve(state, event);
      events.push(event);
    }
  }
  return events;
};

export const onComplaint = (event: ComplaintEvent): LogEntry => ({ streamId: streamName('complaint', event.data.complaintId), event });

export interface ComplaintStory {
  readonly complaintId: string;
  readonly customerId: string;
  readonly steps: readonly ComplaintStep[];
}

/** Complaint documents of the stories, built by the real projection. */
export const complaintDocs = (...stories: readonly ComplaintStory[]): ComplaintDoc[] => [
  ...project(
    complaintsProjection,
    recordLog(stories.flatMap(({ complaintId, customerId, steps }) => complaintEvents(complaintId, customerId, steps)).map(onComplaint)),
  ).values(),
];
