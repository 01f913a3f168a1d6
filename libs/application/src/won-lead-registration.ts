import { ExistingLeadState, LeadCapturedData } from '@app/domain/lead';
import { customerFromWonLead } from '@app/domain/policies/won-lead-becomes-customer';
import { EventMetadata } from '@app/domain/shared';
import { CommandExecutor } from './command-executor';
import { CommandRequest } from './command-request';

/**
 * A won lead becomes a customer: the file opens under the same id. The stage command over HTTP, the
 * API's policy (should the process stop in between) and the command line's import all ask here, so
 * there is one rule for it. Null when the file exists already.
 */
export const customerRegistrationFor = async (
  executor: CommandExecutor,
  leadId: string,
  wonMetadata: EventMetadata,
): Promise<CommandRequest<'customer'> | null> => {
  if ((await executor.loadState('customer', leadId)).revision >= 0) return null;
  const lead = await executor.load('lead', leadId);
  const captured = lead.events.find((e) => e.type === 'LeadCaptured');
  if (!captured || !lead.state.exists) throw new Error(`lead ${leadId} was won but its stream holds no capture`);
  const data = customerFromWonLead(captured.data as LeadCapturedData, lead.state as ExistingLeadState);
  return { aggregate: 'customer', id: leadId, command: { type: 'RegisterCustomer', data }, options: { occurredAt: wonMetadata.occurredAt } };
};
