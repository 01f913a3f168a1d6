import type { RegisterCustomer } from '../customer/customer.commands';
import type { LeadCapturedData } from '../lead/lead.events';
import type { ExistingLeadState } from '../lead/lead.decider';

/**
 * A won lead becomes a customer: the customer file starts from what the lead recorded, under the
 * same id (the same data subject), owned by whoever owned the lead when it was won.
 */
export const customerFromWonLead = (captured: LeadCapturedData, lead: ExistingLeadState): RegisterCustomer['data'] => {
  const organisation = captured.organisation;
  return {
    customerId: lead.leadId,
    fromLeadId: lead.leadId,
    kind: lead.kind,
    name: captured.name,
    contacts: captured.contacts,
    ...(organisation && {
      organisation: {
        legalName: organisation.legalName,
        region: organisation.region,
        industry: organisation.industry,
        mainBusiness: organisation.mainBusiness,
        headcount: organisation.headcount,
        headName: organisation.headName,
        headPhone: organisation.headPhone,
        mainNeeds: organisation.mainNeeds,
      },
    }),
    ownerId: lead.ownerId,
    teamId: lead.teamId,
    source: lead.source,
    ...(lead.referredBy && { referredBy: lead.referredBy }),
    consent: { purposes: lead.consentPurposes },
  };
};
