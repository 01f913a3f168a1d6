import {
  Decider,
  Decision,
  DomainError,
  ReferralRewards,
  alreadyExists,
  decideOweReferralReward,
  decidePayReferralReward,
  evolveReferralRewards,
  isAfter,
  notFound,
  ruleViolated,
  RuleViolatedCode,
  withoutUndefined,
} from '../shared';
import {
  AdvanceLeadStage,
  CaptureLead,
  LeadCommand,
  LogLeadActivity,
  QualifyLead,
  ReassignLead,
  ReopenLead,
  WithdrawLeadConsent,
} from './lead.commands';
import {
  CONSENT_PURPOSES,
  ConsentPurpose,
  DISQUALIFIED_MAN_CLASS,
  LEAD_STAGES,
  LeadErrorCode,
  LeadKind,
  LeadSource,
  LeadStage,
  ManClass,
  RecommendedAction,
  isClosedStage,
} from './lead.constants';
import { LeadActivityLoggedData, LeadCapturedData, LeadConsentWithdrawnData, LeadEvent, LeadStageAdvancedData, Referrer } from './lead.events';
import { ManAnswer, classifyMan } from './man';

export interface NoLeadState {
  readonly exists: false;
}

/**
 * What decisions on a lead are made from. It holds no personal data (the name, contacts, notes and
 * evidence stay in the events), so a command on a lead never opens any: the write path reads the
 * stream with its personal texts still sealed.
 */
export interface ExistingLeadState {
  readonly exists: true;
  readonly leadId: string;
  readonly kind: LeadKind;
  readonly stage: LeadStage;
  readonly ownerId: string;
  readonly teamId: string;
  readonly source: LeadSource;
  readonly referredBy: Referrer | null;
  readonly manClass: ManClass | null;
  readonly recommendedAction: RecommendedAction | null;
  readonly expectedAmount: number | null;
  readonly expectedCloseDate: string | null;
  /** Set while the lead is won; the app registers `customer-<leadId>` from it. */
  readonly wonAmount: number | null;
  /** Set while the lead is lost. */
  readonly lostReason: string | null;
  /** Won or lost. */
  readonly closed: boolean;
  readonly activityIds: ReadonlySet<string>;
  readonly capturedAt: string;
  /** Business time of the last stage change (capture, advance or reopening). */
  readonly stageEnteredAt: string;
  /** Business time of the latest activity (max, so back-dated imports do not move it back). */
  readonly lastActivityAt: string | null;
  /** The follow-up set by the latest activity; null if it set none. */
  readonly nextFollowUpAt: string | null;
  /** What the lead consents to now (captured purposes less those withdrawn). */
  readonly consentPurposes: readonly ConsentPurpose[];
  /** Purposes consented to at capture and withdrawn since. */
  readonly withdrawnPurposes: readonly ConsentPurpose[];
  /** Rewards this lead earned as a referrer, by rewardId. */
  readonly referralRewards: ReferralRewards;
}

export type LeadState = NoLeadState | ExistingLeadState;

export const initialLeadState: LeadState = { exists: false };

// Typed wrappers so every refusal code is one of LEAD_ERROR_CODES.
const refuse = (code: Extract<LeadErrorCode, RuleViolatedCode>, message: string, details: Record<string, unknown> = {}) =>
  ruleViolated(code, message, details);

const manAnswer = ({ has, evidence }: ManAnswer): ManAnswer => withoutUndefined({ has, evidence });

const isBlank = (text: string | undefined): boolean => !text || text.trim() === '';

const hasText = (values: readonly string[] | undefined): boolean => (values ?? []).some((v) => !isBlank(v));

const isValidAmount = (amount: number | undefined): boolean =>
  amount === undefined || (Number.isFinite(amount) && amount >= 0);

const invalidAmount = (field: string, value: unknown) =>
  refuse('INVALID_AMOUNT', `${field} must be a finite amount of zero or more.`, { field, value });

/** Funnel order; `lost` ranks with `won`, so moving to it is forward (it closes the lead). */
const stageRank = (stage: LeadStage): number => (stage === 'lost' ? LEAD_STAGES.indexOf('won') : LEAD_STAGES.indexOf(stage));

const capture = (command: CaptureLead, state: LeadState): Decision<LeadEvent> => {
  const data = command.data;
  if (state.exists) {
    return alreadyExists('LEAD_ALREADY_EXISTS', `Lead ${data.leadId} already exists.`, { leadId: data.leadId });
  }
  if (isBlank(data.name)) return refuse('NAME_REQUIRED', 'A lead needs a name.', { leadId: data.leadId });
  const { phones, emails, address } = data.contacts;
  if (!hasText(phones) && !hasText(emails) && isBlank(address)) {
    return refuse('CONTACT_REQUIRED', 'A lead needs at least a phone number, an email address or a postal address.', {
      leadId: data.leadId,
    });
  }
  if (data.kind === 'person' && data.organisation !== undefined) {
    return refuse('ORGANISATION_FACTS_ON_PERSON', 'Organisation facts can only be recorded for an organisation lead.', {
      leadId: data.leadId,
      kind: data.kind,
    });
  }
  if (data.referredBy?.kind === 'lead' && data.referredBy.id === data.leadId) {
    return refuse('SELF_REFERRAL', 'A lead cannot refer itself.', { leadId: data.leadId });
  }
  if (!isValidAmount(data.expectedAmount)) return invalidAmount('expectedAmount', data.expectedAmount);
  return [
    {
      type: 'LeadCaptured',
      version: 2,
      // Fields picked one by one: whatever else the caller's object carries never reaches the log.
      data: withoutUndefined<LeadCapturedData>({
        leadId: data.leadId,
        kind: data.kind,
        name: data.name,
        contacts: withoutUndefined({ phones, emails, address, wechat: data.contacts.wechat }),
        organisation: data.organisation,
        source: data.source,
        referredBy: data.referredBy,
        ownerId: data.ownerId,
        teamId: data.teamId,
        productInterest: data.productInterest,
        expectedAmount: data.expectedAmount,
        expectedCloseDate: data.expectedCloseDate,
        consent: { purposes: data.consent.purposes },
        notes: data.notes,
        at: command.context.occurredAt,
      }),
    },
  ];
};

const qualify = (command: QualifyLead, state: ExistingLeadState): Decision<LeadEvent> => {
  const { leadId, money, authority, need } = command.data;
  const { manClass, recommendedAction } = classifyMan({ money, authority, need });
  return [
    {
      type: 'LeadQualified',
      version: 1,
      data: {
        leadId,
        money: manAnswer(money),
        authority: manAnswer(authority),
        need: manAnswer(need),
        manClass,
        recommendedAction,
        previousManClass: state.manClass,
        at: command.context.occurredAt,
      },
    },
  ];
};

const advance = (command: AdvanceLeadStage, state: ExistingLeadState): Decision<LeadEvent> => {
  const { leadId, to, reason, overrideReason, competitor, amount, expectedAmount, expectedCloseDate } = command.data;
  // The caller guarantees the lead is open (closed leads are refused before we get here).
  const from = state.stage as LeadStageAdvancedData['from'];
  if (to === from) return refuse('STAGE_UNCHANGED', `Lead ${leadId} is already at stage ${to}.`, { leadId, stage: to });
  if (amount !== undefined && to !== 'won') {
    return refuse('FIELD_NOT_APPLICABLE', 'A won amount can only be given when the lead is won.', { leadId, field: 'amount', to });
  }
  if (competitor !== undefined && to !== 'lost') {
    return refuse('FIELD_NOT_APPLICABLE', 'A competitor can only be given when the lead is lost.', {
      leadId,
      field: 'competitor',
      to,
    });
  }
  const direction = stageRank(to) > stageRank(from) ? 'forward' : 'backward';
  if (direction === 'backward' && isBlank(reason)) {
    return refuse('REASON_REQUIRED', `Moving lead ${leadId} back from ${from} to ${to} needs a reason.`, { leadId, from, to });
  }
  if (to === 'lost' && isBlank(reason)) {
    return refuse('LOST_REASON_REQUIRED', `Marking lead ${leadId} lost needs the reason it was lost.`, { leadId, from });
  }
  if (to === 'won' && !(amount !== undefined && Number.isFinite(amount) && amount > 0)) {
    return refuse('WON_AMOUNT_REQUIRED', `Marking lead ${leadId} won needs the won amount, greater than zero.`, {
      leadId,
      amount: amount ?? null,
    });
  }
  // m+a+n means "stop contacting"; losing such a lead is exactly what the rule asks, so only other forward moves need an override.
  if (direction === 'forward' && to !== 'lost' && state.manClass === DISQUALIFIED_MAN_CLASS && isBlank(overrideReason)) {
    return refuse(
      'MAN_DISQUALIFIED',
      `Lead ${leadId} is classed ${DISQUALIFIED_MAN_CLASS} (not a prospect); moving it forward needs an override reason.`,
      { leadId, manClass: state.manClass, from, to },
    );
  }
  if (!isValidAmount(expectedAmount)) return invalidAmount('expectedAmount', expectedAmount);
  return [
    {
      type: 'LeadStageAdvanced',
      version: 1,
      data: withoutUndefined<LeadStageAdvancedData>({
        leadId,
        from,
        to,
        direction,
        reason: to === 'lost' ? undefined : reason,
        overrideReason,
        lostReason: to === 'lost' ? reason : undefined,
        competitor,
        wonAmount: to === 'won' ? amount : undefined,
        expectedAmount,
        expectedCloseDate,
        at: command.context.occurredAt,
      }),
    },
  ];
};

const reopen = (command: ReopenLead, state: ExistingLeadState): Decision<LeadEvent> => {
  const { leadId, to, reason } = command.data;
  if (!isClosedStage(state.stage)) {
    return refuse('LEAD_NOT_CLOSED', `Lead ${leadId} is open (stage ${state.stage}); only a won or lost lead can be reopened.`, {
      leadId,
      stage: state.stage,
    });
  }
  if (isBlank(reason)) return refuse('REASON_REQUIRED', `Reopening lead ${leadId} needs a reason.`, { leadId, from: state.stage, to });
  return [{ type: 'LeadReopened', version: 1, data: { leadId, from: state.stage, to, reason, at: command.context.occurredAt } }];
};

const logActivity = (command: LogLeadActivity, state: ExistingLeadState): Decision<LeadEvent> => {
  const data = command.data;
  const at = command.context.occurredAt;
  if (data.nextFollowUpAt !== undefined && isAfter(at, data.nextFollowUpAt)) {
    return refuse('FOLLOW_UP_IN_PAST', 'The next follow-up cannot lie before the activity itself.', {
      leadId: data.leadId,
      activityId: data.activityId,
      occurredAt: at,
      nextFollowUpAt: data.nextFollowUpAt,
    });
  }
  return [
    {
      type: 'LeadActivityLogged',
      version: 1,
      data: withoutUndefined<LeadActivityLoggedData>({
        leadId: data.leadId,
        activityId: data.activityId,
        activityType: data.activityType,
        outcome: data.outcome,
        outcomeCode: data.outcomeCode,
        notes: data.notes,
        durationMinutes: data.durationMinutes,
        nextFollowUpAt: data.nextFollowUpAt,
        at,
      }),
    },
  ];
};

const reassign = (command: ReassignLead, state: ExistingLeadState): Decision<LeadEvent> => {
  const { leadId, toOwnerId, toTeamId, reason, bulkReassignmentId, expectedOwnerId } = command.data;
  // Checked before OWNER_MISMATCH so a retried bulk move sees "already done", not a conflict.
  if (toOwnerId === state.ownerId && toTeamId === state.teamId) {
    return refuse('OWNER_UNCHANGED', `Lead ${leadId} is already owned by ${toOwnerId} in team ${toTeamId}.`, {
      leadId,
      ownerId: toOwnerId,
      teamId: toTeamId,
    });
  }
  if (expectedOwnerId !== undefined && expectedOwnerId !== state.ownerId) {
    return refuse('OWNER_MISMATCH', `Lead ${leadId} is no longer owned by ${expectedOwnerId}.`, {
      leadId,
      expectedOwnerId,
      ownerId: state.ownerId,
    });
  }
  return [
    {
      type: 'LeadReassigned',
      version: 1,
      data: withoutUndefined({
        leadId,
        fromOwnerId: state.ownerId,
        toOwnerId,
        fromTeamId: state.teamId,
        toTeamId,
        reason,
        bulkReassignmentId,
        at: command.context.occurredAt,
      }),
    },
  ];
};

/** Purposes in their canonical order, so the event reads the same whatever order the caller listed them in. */
const inCanonicalOrder = (purposes: ReadonlySet<ConsentPurpose>): ConsentPurpose[] => CONSENT_PURPOSES.filter((p) => purposes.has(p));

const withdrawConsent = (command: WithdrawLeadConsent, state: ExistingLeadState): Decision<LeadEvent> => {
  const { leadId, purposes, note } = command.data;
  const requested = new Set(purposes === 'all' ? state.consentPurposes : purposes);
  // Withdrawing what was never consented to is a mistake worth telling; what was withdrawn before is simply done already.
  const neverGiven = inCanonicalOrder(new Set([...requested].filter((p) => !state.consentPurposes.includes(p) && !state.withdrawnPurposes.includes(p))));
  if (neverGiven.length > 0) {
    return refuse('CONSENT_NOT_GIVEN', `Lead ${leadId} never consented to ${neverGiven.join(', ')}; there is nothing to withdraw.`, {
      leadId,
      purposes: neverGiven,
      consentPurposes: state.consentPurposes,
    });
  }
  const withdrawn = state.consentPurposes.filter((p) => requested.has(p));
  if (withdrawn.length === 0) return [];
  return [
    {
      type: 'LeadConsentWithdrawn',
      version: 1,
      data: withoutUndefined<LeadConsentWithdrawnData>({
        leadId,
        purposes: inCanonicalOrder(new Set(withdrawn)),
        remainingPurposes: state.consentPurposes.filter((p) => !requested.has(p)),
        note,
        at: command.context.occurredAt,
      }),
    },
  ];
};

const decide = (command: LeadCommand, state: LeadState): Decision<LeadEvent> => {
  if (command.type === 'CaptureLead') return capture(command, state);
  const leadId = command.data.leadId;
  if (!state.exists) return notFound('LEAD_NOT_FOUND', `Lead ${leadId} does not exist.`, { leadId });
  // A retried activity is already recorded: accept it with no events, even if the lead closed since.
  if (command.type === 'LogLeadActivity' && state.activityIds.has(command.data.activityId)) return [];
  // The one exception to LEAD_CLOSED: a referrer is owed and paid its rewards whatever became of its own
  // lead (a lost prospect may still have referred a buyer), so reward commands skip the closed check.
  if (command.type === 'OweReferralReward') return decideOweReferralReward({ leadId }, state.referralRewards, command);
  if (command.type === 'PayReferralReward') return decidePayReferralReward({ leadId }, state.referralRewards, command);
  // Withdrawing consent is the person's right whatever became of the lead.
  if (command.type === 'WithdrawLeadConsent') return withdrawConsent(command, state);
  // Otherwise one simple rule: a won or lost lead accepts nothing but a reopening (no activities, no reassignment).
  if (state.closed && command.type !== 'ReopenLead') {
    return refuse('LEAD_CLOSED', `Lead ${leadId} is ${state.stage}; reopen it first.`, { leadId, stage: state.stage });
  }
  switch (command.type) {
    case 'QualifyLead':
      return qualify(command, state);
    case 'AdvanceLeadStage':
      return advance(command, state);
    case 'ReopenLead':
      return reopen(command, state);
    case 'LogLeadActivity':
      return logActivity(command, state);
    case 'ReassignLead':
      return reassign(command, state);
    default:
      return unknownCommand(command);
  }
};

// Types make this unreachable; at run time a malformed command is refused, not thrown.
const unknownCommand = (command: never): DomainError =>
  refuse('UNKNOWN_COMMAND', 'The lead does not understand this command.', { type: (command as { type?: unknown }).type });

const evolve = (state: LeadState, event: LeadEvent): LeadState => {
  if (event.type === 'LeadCaptured') {
    const d = event.data;
    return {
      exists: true,
      leadId: d.leadId,
      kind: d.kind,
      stage: 'D',
      ownerId: d.ownerId,
      teamId: d.teamId,
      source: d.source,
      referredBy: d.referredBy ?? null,
      manClass: null,
      recommendedAction: null,
      expectedAmount: d.expectedAmount ?? null,
      expectedCloseDate: d.expectedCloseDate ?? null,
      wonAmount: null,
      lostReason: null,
      closed: false,
      activityIds: new Set(),
      capturedAt: d.at,
      stageEnteredAt: d.at,
      lastActivityAt: null,
      nextFollowUpAt: null,
      consentPurposes: d.consent.purposes,
      withdrawnPurposes: [],
      referralRewards: {},
    };
  }
  // Events for a lead that was never captured cannot come from this decider; ignore rather than invent a lead.
  if (!state.exists) return state;
  switch (event.type) {
    case 'LeadQualified':
      return { ...state, manClass: event.data.manClass, recommendedAction: event.data.recommendedAction };
    case 'LeadStageAdvanced': {
      const d = event.data;
      return {
        ...state,
        stage: d.to,
        stageEnteredAt: d.at,
        closed: isClosedStage(d.to),
        wonAmount: d.to === 'won' ? (d.wonAmount ?? null) : null,
        lostReason: d.to === 'lost' ? (d.lostReason ?? null) : null,
        expectedAmount: d.expectedAmount ?? state.expectedAmount,
        expectedCloseDate: d.expectedCloseDate ?? state.expectedCloseDate,
      };
    }
    case 'LeadReopened':
      return { ...state, stage: event.data.to, stageEnteredAt: event.data.at, closed: false, wonAmount: null, lostReason: null };
    case 'LeadActivityLogged': {
      const d = event.data;
      const activityIds = new Set(state.activityIds).add(d.activityId);
      // A back-dated activity (older than the latest) is recorded but does not replace the latest follow-up.
      if (state.lastActivityAt !== null && isAfter(state.lastActivityAt, d.at)) return { ...state, activityIds };
      return { ...state, activityIds, lastActivityAt: d.at, nextFollowUpAt: d.nextFollowUpAt ?? null };
    }
    case 'LeadReassigned':
      return { ...state, ownerId: event.data.toOwnerId, teamId: event.data.toTeamId };
    case 'LeadConsentWithdrawn':
      return {
        ...state,
        consentPurposes: event.data.remainingPurposes,
        withdrawnPurposes: inCanonicalOrder(new Set([...state.withdrawnPurposes, ...event.data.purposes])),
      };
    case 'ReferralRewardOwed':
    case 'ReferralRewardPaid':
      return { ...state, referralRewards: evolveReferralRewards(state.referralRewards, event) };
    default:
      return state;
  }
};

export const leadDecider: Decider<LeadCommand, LeadState, LeadEvent> = {
  initialState: initialLeadState,
  decide,
  evolve,
};
