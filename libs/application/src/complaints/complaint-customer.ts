import { DomainError, notFound } from '@app/domain/shared';
import { CommandExecutor } from '../command-executor';

/**
 * A complaint is about a customer on file: one naming a customer that does not exist is refused with
 * the customer's own not-found. The complaint's decider cannot see another record, so the use case
 * asks here, on the customer's stream, before it logs the complaint.
 */
export const complaintCustomerRefusal = async (executor: CommandExecutor, customerId: string): Promise<DomainError | undefined> => {
  const { state } = await executor.loadState('customer', customerId);
  return state.exists ? undefined : notFound('CUSTOMER_NOT_FOUND', `Customer ${customerId} does not exist.`, { customerId });
};
