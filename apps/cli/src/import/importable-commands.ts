import { streamName } from '@app/domain/shared';
import { AggregateName } from '@app/application/aggregates';
import { CommandRequest } from '@app/application/command-request';
import { logComplaint } from '@app/application/complaints/log-complaint.request';
import { registerCustomer } from '@app/application/customers/register-customer.request';
import { advanceLeadStage } from '@app/application/leads/advance-lead-stage.request';
import { captureLead } from '@app/application/leads/capture-lead.request';
import { logLeadActivity } from '@app/application/leads/log-lead-activity.request';

export interface ImportableCommand {
  /**
   * The use case's own mapping: a row is validated by its request class exactly as the HTTP request
   * would be, then mapped the same way. Called with an instance of `toCommand.body`, validated.
   */
  readonly toCommand: { (id: string, body: never): CommandRequest; readonly body: new () => object; readonly aggregate: AggregateName };
  /** The API takes the record id in the body (`id`, optional there); otherwise it is in the path. */
  readonly idInBody: boolean;
  /** Other streams the command leads to or follows from: earlier rows on them finish first, so the log keeps cause before effect. */
  readonly otherStreams?: (id: string, body: Record<string, unknown>) => string[];
}

/** The commands a mapping may target, by the domain's command names. */
export const IMPORTABLE_COMMANDS = {
  CaptureLead: { toCommand: captureLead, idInBody: true },
  // A won lead opens its customer file under the same id.
  AdvanceLeadStage: { toCommand: advanceLeadStage, idInBody: false, otherStreams: (id, body) => (body.to === 'won' ? [streamName('customer', id)] : []) },
  LogLeadActivity: { toCommand: logLeadActivity, idInBody: false },
  RegisterCustomer: { toCommand: registerCustomer, idInBody: true },
  LogComplaint: { toCommand: logComplaint, idInBody: true, otherStreams: (_id, body) => (typeof body.customerId === 'string' ? [streamName('customer', body.customerId)] : []) },
} as const satisfies Record<string, ImportableCommand>;
export type ImportableCommandType = keyof typeof IMPORTABLE_COMMANDS;
export const IMPORTABLE_COMMAND_TYPES = Object.keys(IMPORTABLE_COMMANDS) as ImportableCommandType[];

export const importableCommand = (type: ImportableCommandType): ImportableCommand => IMPORTABLE_COMMANDS[type];
