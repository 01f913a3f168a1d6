import { streamName } from '@app/domain/shared';
import { AdvanceLeadStageRequestDto } from '../../../api/src/leads/advance-lead-stage/advance-lead-stage.request.dto';
import { CaptureLeadRequestDto } from '../../../api/src/leads/capture-lead/capture-lead.request.dto';
import { LogLeadActivityRequestDto } from '../../../api/src/leads/log-lead-activity/log-lead-activity.request.dto';
import { RegisterCustomerRequestDto } from '../../../api/src/customers/register-customer/register-customer.request.dto';
import { LogComplaintRequestDto } from '../../../api/src/complaints/log-complaint/log-complaint.request.dto';
import { AggregateName } from '../../../api/src/shared/commands/aggregates';

export interface ImportableCommand {
  readonly aggregate: AggregateName;
  /** The API's request body class: a row is validated exactly as the HTTP request would be. */
  readonly dto: new () => object;
  /** The API takes the record id in the body (`id`, optional there); otherwise it is in the path. */
  readonly idInBody: boolean;
  /** Other streams the command leads to or follows from: earlier rows on them finish first, so the log keeps cause before effect. */
  readonly otherStreams?: (id: string, body: Record<string, unknown>) => string[];
}

/** The commands a mapping may target, by the domain's command names. */
export const IMPORTABLE_COMMANDS = {
  CaptureLead: { aggregate: 'lead', dto: CaptureLeadRequestDto, idInBody: true },
  // A won lead opens its customer file under the same id.
  AdvanceLeadStage: { aggregate: 'lead', dto: AdvanceLeadStageRequestDto, idInBody: false, otherStreams: (id, body) => (body.to === 'won' ? [streamName('customer', id)] : []) },
  LogLeadActivity: { aggregate: 'lead', dto: LogLeadActivityRequestDto, idInBody: false },
  RegisterCustomer: { aggregate: 'customer', dto: RegisterCustomerRequestDto, idInBody: true },
  LogComplaint: { aggregate: 'complaint', dto: LogComplaintRequestDto, idInBody: true, otherStreams: (_id, body) => (typeof body.customerId === 'string' ? [streamName('customer', body.customerId)] : []) },
} as const satisfies Record<string, ImportableCommand>;

export type ImportableCommandType = keyof typeof IMPORTABLE_COMMANDS;
export const IMPORTABLE_COMMAND_TYPES = Object.keys(IMPORTABLE_COMMANDS) as ImportableCommandType[];

export const importableCommand = (type: ImportableCommandType): ImportableCommand => IMPORTABLE_COMMANDS[type];
