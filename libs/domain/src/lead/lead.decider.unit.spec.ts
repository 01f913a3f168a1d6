import { CommandContext, Decision, DomainError, DomainErrorKind, fold } from '../shared';
import { decideGiven } from '../shared/given-when-then';
import {
  AdvanceLeadStageData,
  CaptureLeadData,
  LeadCommand,
  LogLeadActivityData,
  OweReferralRewardToLeadData,
  PayReferralRewardToLeadData,
  QualifyLeadData,
  ReassignLeadData,
  ReopenLeadData,
  WithdrawLeadConsentData,
} from './lead.commands';
import { LEAD_ERROR_CODES, LeadStage, ManClass, OpenLeadStage } from './lead.constants';
import { ExistingLeadState, LeadState, leadDecider } from './lead.decider';
import {
  LeadActivityLogged,
  LeadActivityLoggedData,
  LeadCaptured,
  LeadCapturedData,
  LeadConsentWithdrawn,
  LeadEvent,
  LeadQualified,
  LeadReassigned,
  LeadReopened,
  LeadStageAdvanced,
  LeadStageAdvancedData,
  ReferralRewardOwedToLead,
  ReferralRewardPaidToLead,
} from './lead.events';
import { classifyMan } from './man';

const LEAD_ID = 'lead-1';
const T0 = '2024-03-01T09:00:00.000Z';
const T1 = '2024-03-02T09:00:00.000Z';
const T2 = '2024-03-03T09:00:00.000Z';
const T3 = '2024-03-04T09:00:00.000Z';

// `now` differs from `occurredAt` on purpose: events must carry the business time.
const ctx = (occurredAt = T1): CommandContext => ({ occurredAt, now: '2030-01-01T00:00:00.000Z', actor: 'user-1' });

// ---- commands -------------------------------------------------------------------------------

const captureData = (overrides: Partial<CaptureLeadData> = {}): CaptureLeadData => ({
  leadId: LEAD_ID,
  kind: 'person',
  name: 'Li Wei',
  contacts: { phones: ['+86 138 0000 0001'], emails: [] },
  source: 'telemarketing',
  ownerId: 'rep-1',
  teamId: 'team-1',
  productInterest: ['copier'],
  consent: { purposes: ['sales_contact'] },
  ...overrides,
});
const captureLead = (overrides: Partial<CaptureLeadData> = {}, at = T0): LeadCommand => ({
  type: 'CaptureLead',
  data: captureData(overrides),
  context: ctx(at),
});
const qualifyLead = (has: { m: boolean; a: boolean; n: boolean }, at = T1): LeadCommand => ({
  type: 'QualifyLead',
  data: { leadId: LEAD_ID, money: { has: has.m }, authority: { has: has.a }, need: { has: has.n } } satisfies QualifyLeadData,
  context: ctx(at),
});
const advanceLead = (data: Omit<AdvanceLeadStageData, 'leadId'>, at = T1): LeadCommand => ({
  type: 'AdvanceLeadStage',
  data: { leadId: LEAD_ID, ...data },
  context: ctx(at),
});
const reopenLead = (data: Omit<ReopenLeadData, 'leadId'>, at = T2): LeadCommand => ({
  type: 'ReopenLead',
  data: { leadId: LEAD_ID, ...data },
  context: ctx(at),
});
const logActivity = (data: Partial<Omit<LogLeadActivityData, 'leadId'>> = {}, at = T1): LeadCommand => ({
  type: 'LogLeadActivity',
  data: { leadId: LEAD_ID, activityId: 'act-1', activityType: 'call', outcome: 'Talked to the buyer', ...data },
  context: ctx(at),
});
const reassignLead = (data: Partial<Omit<ReassignLeadData, 'leadId'>> = {}, at = T1): LeadCommand => ({
  type: 'ReassignLead',
  data: { leadId: LEAD_ID, toOwnerId: 'rep-2', toTeamId: 'team-1', ...data },
  context: ctx(at),
});
const withdrawConsent = (data: Partial<Omit<WithdrawLeadConsentData, 'leadId'>> = {}, at = T2): LeadCommand => ({
  type: 'WithdrawLeadConsent',
  data: { leadId: LEAD_ID, purposes: ['marketing'], ...data },
  context: ctx(at),
});

const oweReward = (data: Partial<Omit<OweReferralRewardToLeadData, 'leadId'>> = {}, at = T2): LeadCommand => ({
  type: 'OweReferralReward',
  data: { leadId: LEAD_ID, rewardId: 'rw-1', referredLeadId: 'lead-2', amount: 25, ...data },
  context: ctx(at),
});
const payReward = (data: Partial<Omit<PayReferralRewardToLeadData, 'leadId'>> = {}, at = T3): LeadCommand => ({
  type: 'PayReferralReward',
  data: { leadId: LEAD_ID, rewardId: 'rw-1', ...data },
  context: ctx(at),
});

// ---- past events ----------------------------------------------------------------------------

const captured = (overrides: Partial<LeadCapturedData> = {}): LeadCaptured => ({
  type: 'LeadCaptured',
  version: 2,
  data: { ...captureData(), at: T0, ...overrides },
});
const qualified = (manClass: ManClass, previousManClass: ManClass | null = null, at = T0): LeadQualified => {
  const [m, a, n] = manClass.split('+').map((letter) => letter === letter.toUpperCase());
  return {
    type: 'LeadQualified',
    version: 1,
    data: {
      leadId: LEAD_ID,
      money: { has: m },
      authority: { has: a },
      need: { has: n },
      ...classifyMan({ money: { has: m }, authority: { has: a }, need: { has: n } }),
      previousManClass,
      at,
    },
  };
};
const advanced = (from: OpenLeadStage, to: LeadStage, extra: Partial<LeadStageAdvancedData> = {}, at = T1): LeadStageAdvanced => ({
  type: 'LeadStageAdvanced',
  version: 1,
  data: { leadId: LEAD_ID, from, to, direction: 'forward', at, ...extra },
});
const won = (amount = 5000, at = T1) => advanced('A', 'won', { wonAmount: amount }, at);
const lost = (at = T1) => advanced('D', 'lost', { lostReason: 'went quiet' }, at);
const activityLogged = (activityId: string, at: string, extra: Partial<LeadActivityLoggedData> = {}): LeadActivityLogged => ({
  type: 'LeadActivityLogged',
  version: 1,
  data: { leadId: LEAD_ID, activityId, activityType: 'call', outcome: 'ok', at, ...extra },
});
const reassigned = (toOwnerId: string, toTeamId = 'team-1', fromOwnerId = 'rep-1', fromTeamId = 'team-1'): LeadReassigned => ({
  type: 'LeadReassigned',
  version: 1,
  data: { leadId: LEAD_ID, fromOwnerId, toOwnerId, fromTeamId, toTeamId, at: T1 },
});
const reopened = (from: 'won' | 'lost', to: OpenLeadStage, at = T2): LeadReopened => ({
  type: 'LeadReopened',
  version: 1,
  data: { leadId: LEAD_ID, from, to, reason: 'new budget', at },
});

const rewardOwed = (rewardId = 'rw-1', amount = 25, at = T2): ReferralRewardOwedToLead => ({
  type: 'ReferralRewardOwed',
  version: 1,
  data: { leadId: LEAD_ID, rewardId, referredLeadId: 'lead-2', amount, at },
});
const rewardPaid = (rewardId = 'rw-1', amount = 25, at = T3): ReferralRewardPaidToLead => ({
  type: 'ReferralRewardPaid',
  version: 1,
  data: { leadId: LEAD_ID, rewardId, referredLeadId: 'lead-2', amount, method: 'cash', at },
});
const consentWithdrawn = (purposes: LeadConsentWithdrawn['data']['purposes'], remainingPurposes: LeadConsentWithdrawn['data']['remainingPurposes'], at = T2): LeadConsentWithdrawn => ({
  type: 'LeadConsentWithdrawn',
  version: 1,
  data: { leadId: LEAD_ID, purposes, remainingPurposes, at },
});

// ---- assertions -----------------------------------------------------------------------------

const given = (events: readonly LeadEvent[], command: LeadCommand): Decision<LeadEvent> =>
  decideGiven(leadDecider, events, command);

const expectEvents = (decision: Decision<LeadEvent>): readonly LeadEvent[] => {
  if (decision instanceof DomainError) throw new Error(`expected events, got refusal ${decision.code}: ${decision.message}`);
  return decision;
};

const expectRefusal = (decision: Decision<LeadEvent>, code: string, kind: DomainErrorKind = 'rule_violated'): DomainError => {
  expect(decision).toBeInstanceOf(DomainError);
  const error = decision as DomainError;
  expect({ code: error.code, kind: error.kind }).toEqual({ code, kind });
  expect(error.message.length).toBeGreaterThan(10);
  expect(LEAD_ERROR_CODES).toContain(error.code);
  return error;
};

const existing = (state: LeadState): ExistingLeadState => {
  if (!state.exists) throw new Error('expected an existing lead');
  return state;
};

// ---- decide ---------------------------------------------------------------------------------

describe('leadDecider.decide', () => {
  describe('CaptureLead', () => {
    it('captures a new lead as LeadCaptured v2 stamped with the business time', () => {
      expect(given([], captureLead())).toEqual([
        {
          type: 'LeadCaptured',
          version: 2,
          data: {
            leadId: LEAD_ID,
            kind: 'person',
            name: 'Li Wei',
            contacts: { phones: ['+86 138 0000 0001'], emails: [] },
            source: 'telemarketing',
            ownerId: 'rep-1',
            teamId: 'team-1',
            productInterest: ['copier'],
            consent: { purposes: ['sales_contact'] },
            at: T0,
          },
        },
      ]);
    });

    it('records organisation facts, a referrer and the forecast fields', () => {
      const overrides: Partial<CaptureLeadData> = {
        kind: 'organisation',
        name: 'Hua Xin Trading',
        contacts: { phones: [], emails: ['buy@huaxin.example'], wechat: 'huaxin' },
        organisation: { legalName: 'Hua Xin Trading Co. Ltd', headcount: 120, branches: ['Shenzhen'], partners: ['Acme'] },
        source: 'referral',
        referredBy: { kind: 'customer', id: 'cust-9' },
        expectedAmount: 12000,
        expectedCloseDate: '2024-06-30',
        notes: 'met at the fair',
      };
      const [event] = expectEvents(given([], captureLead(overrides)));
      expect(event).toEqual({ type: 'LeadCaptured', version: 2, data: { ...captureData(overrides), at: T0 } });
    });

    it('keeps fields the command does not define out of the event', () => {
      const sloppy = { ...captureData(), password: 'secret', contacts: { phones: ['1'], emails: [], extra: 1 } };
      const [event] = expectEvents(given([], { type: 'CaptureLead', data: sloppy, context: ctx(T0) }));
      expect(event.data).not.toHaveProperty('password');
      expect((event as LeadCaptured).data.contacts).toEqual({ phones: ['1'], emails: [] });
    });

    it('accepts a postal address alone as the contact', () => {
      expect(expectEvents(given([], captureLead({ contacts: { phones: [], emails: [], address: '1 Nanjing Rd' } })))).toHaveLength(1);
    });

    it('refuses a lead that already exists (LEAD_ALREADY_EXISTS, 409)', () => {
      const error = expectRefusal(given([captured()], captureLead()), 'LEAD_ALREADY_EXISTS', 'already_exists');
      expect(error.details).toEqual({ leadId: LEAD_ID });
    });

    it('refuses a blank name (NAME_REQUIRED)', () => {
      expectRefusal(given([], captureLead({ name: '   ' })), 'NAME_REQUIRED');
    });

    it.each([
      ['nothing at all', { phones: [], emails: [] }],
      ['only blank values', { phones: [' '], emails: [''], address: '  ' }],
      ['only a WeChat id', { phones: [], emails: [], wechat: 'liwei' }],
    ])('refuses a lead with %s to reach it by (CONTACT_REQUIRED)', (_label, contacts) => {
      expectRefusal(given([], captureLead({ contacts })), 'CONTACT_REQUIRED');
    });

    it('refuses organisation facts on a person (ORGANISATION_FACTS_ON_PERSON)', () => {
      const error = expectRefusal(
        given([], captureLead({ kind: 'person', organisation: { headcount: 3 } })),
        'ORGANISATION_FACTS_ON_PERSON',
      );
      expect(error.details).toMatchObject({ kind: 'person' });
    });

    it('refuses a lead referred by itself (SELF_REFERRAL) but not by another lead', () => {
      expectRefusal(given([], captureLead({ referredBy: { kind: 'lead', id: LEAD_ID } })), 'SELF_REFERRAL');
      expect(expectEvents(given([], captureLead({ referredBy: { kind: 'lead', id: 'lead-0' } })))).toHaveLength(1);
    });

    it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses an expected amount of %s (INVALID_AMOUNT)', (expectedAmount) => {
      expectRefusal(given([], captureLead({ expectedAmount })), 'INVALID_AMOUNT');
    });
  });

  describe('any command but CaptureLead on a lead that does not exist', () => {
    it.each([
      ['QualifyLead', qualifyLead({ m: true, a: true, n: true })],
      ['AdvanceLeadStage', advanceLead({ to: 'C' })],
      ['ReopenLead', reopenLead({ to: 'D', reason: 'x' })],
      ['LogLeadActivity', logActivity()],
      ['ReassignLead', reassignLead()],
      ['WithdrawLeadConsent', withdrawConsent()],
      ['OweReferralReward', oweReward()],
      ['PayReferralReward', payReward()],
    ])('%s is refused with LEAD_NOT_FOUND (404)', (_type, command) => {
      const error = expectRefusal(given([], command), 'LEAD_NOT_FOUND', 'not_found');
      expect(error.details).toEqual({ leadId: LEAD_ID });
    });
  });

  describe('a closed lead accepts nothing but a reopening', () => {
    const closedHistories: ReadonlyArray<[string, readonly LeadEvent[]]> = [
      ['won', [captured(), won()]],
      ['lost', [captured(), lost()]],
    ];
    const commands: ReadonlyArray<[string, LeadCommand]> = [
      ['QualifyLead', qualifyLead({ m: true, a: true, n: true }, T2)],
      ['AdvanceLeadStage', advanceLead({ to: 'A' }, T2)],
      ['LogLeadActivity', logActivity({ activityId: 'act-new' }, T2)],
      ['ReassignLead', reassignLead({}, T2)],
    ];
    describe.each(closedHistories)('on a %s lead', (stage, history) => {
      it.each(commands)('%s is refused with LEAD_CLOSED', (_type, command) => {
        expect(expectRefusal(given(history, command), 'LEAD_CLOSED').details).toEqual({ leadId: LEAD_ID, stage });
      });
    });
  });

  describe('referral rewards (this lead is the referrer)', () => {
    it('owes a reward for the referred lead, stamped with the business time and rounded to cents', () => {
      expect(given([captured()], oweReward({ amount: 25.004 }))).toEqual([
        { type: 'ReferralRewardOwed', version: 1, data: { leadId: LEAD_ID, rewardId: 'rw-1', referredLeadId: 'lead-2', amount: 25, at: T2 } },
      ]);
    });

    it('is idempotent: owing the same reward id again yields no events, whatever the amount', () => {
      expect(given([captured(), rewardOwed()], oweReward())).toEqual([]);
      expect(given([captured(), rewardOwed(), rewardPaid()], oweReward({ amount: 99 }))).toEqual([]);
    });

    it('owes another reward under another id', () => {
      expect(expectEvents(given([captured(), rewardOwed('rw-1')], oweReward({ rewardId: 'rw-2', referredLeadId: 'lead-3' })))).toHaveLength(1);
    });

    it.each([0, -25, 0.004, Number.NaN, Number.POSITIVE_INFINITY])('refuses a reward of %s (INVALID_AMOUNT)', (amount) => {
      const error = expectRefusal(given([captured()], oweReward({ amount })), 'INVALID_AMOUNT');
      expect(error.details).toMatchObject({ leadId: LEAD_ID, rewardId: 'rw-1', field: 'amount' });
    });

    it('pays the owed amount by default, with the method and reference given', () => {
      expect(given([captured(), rewardOwed()], payReward({ method: 'bank_transfer', reference: 'TX-9' }))).toEqual([
        {
          type: 'ReferralRewardPaid',
          version: 1,
          data: { leadId: LEAD_ID, rewardId: 'rw-1', referredLeadId: 'lead-2', amount: 25, method: 'bank_transfer', reference: 'TX-9', at: T3 },
        },
      ]);
    });

    it('pays an explicit amount equal to the owed one, and leaves out what was not given', () => {
      expect(given([captured(), rewardOwed()], payReward({ amount: 25 }))).toEqual([
        { type: 'ReferralRewardPaid', version: 1, data: { leadId: LEAD_ID, rewardId: 'rw-1', referredLeadId: 'lead-2', amount: 25, at: T3 } },
      ]);
    });

    it('refuses to pay a reward never owed (REWARD_NOT_FOUND), including ids that are Object keys', () => {
      expect(expectRefusal(given([captured(), rewardOwed()], payReward({ rewardId: 'rw-9' })), 'REWARD_NOT_FOUND').details).toEqual({
        leadId: LEAD_ID,
        rewardId: 'rw-9',
      });
      expectRefusal(given([captured()], payReward({ rewardId: 'constructor' })), 'REWARD_NOT_FOUND');
    });

    it('refuses to pay a reward twice (REWARD_ALREADY_PAID)', () => {
      expect(expectRefusal(given([captured(), rewardOwed(), rewardPaid()], payReward()), 'REWARD_ALREADY_PAID').details).toMatchObject({
        rewardId: 'rw-1',
        paidAt: T3,
      });
    });

    it.each([20, 25.5, 0])('refuses to pay %s of a reward of 25 (REWARD_AMOUNT_MISMATCH)', (amount) => {
      expect(expectRefusal(given([captured(), rewardOwed()], payReward({ amount })), 'REWARD_AMOUNT_MISMATCH').details).toMatchObject({
        owed: 25,
        amount,
      });
    });

    describe.each([
      ['won', [captured(), won()]],
      ['lost', [captured(), lost()]],
    ] as const)('on a %s lead (the exception to LEAD_CLOSED)', (_stage, history) => {
      it('still owes a reward', () => {
        expect(given(history, oweReward())).toEqual([rewardOwed()]);
      });

      it('still pays a reward', () => {
        expect(given([...history, rewardOwed()], payReward())).toMatchObject([{ type: 'ReferralRewardPaid', data: { amount: 25 } }]);
      });
    });
  });

  describe('QualifyLead', () => {
    it('classifies the lead by MAN and recommends the action, with no previous class the first time', () => {
      const command: LeadCommand = {
        type: 'QualifyLead',
        data: { leadId: LEAD_ID, money: { has: true, evidence: 'budget approved' }, authority: { has: false }, need: { has: true } },
        context: ctx(T1),
      };
      expect(given([captured()], command)).toEqual([
        {
          type: 'LeadQualified',
          version: 1,
          data: {
            leadId: LEAD_ID,
            money: { has: true, evidence: 'budget approved' },
            authority: { has: false },
            need: { has: true },
            manClass: 'M+a+N',
            recommendedAction: 'find_decision_maker',
            previousManClass: null,
            at: T1,
          },
        },
      ]);
    });

    it('re-qualifying appends another LeadQualified that remembers the previous class', () => {
      const [event] = expectEvents(given([captured(), qualified('m+a+n')], qualifyLead({ m: true, a: true, n: true }, T2)));
      expect(event.data).toMatchObject({ manClass: 'M+A+N', recommendedAction: 'pursue_now', previousManClass: 'm+a+n', at: T2 });
    });
  });

  describe('AdvanceLeadStage', () => {
    it('moves forward one stage', () => {
      expect(given([captured()], advanceLead({ to: 'C' }))).toEqual([
        { type: 'LeadStageAdvanced', version: 1, data: { leadId: LEAD_ID, from: 'D', to: 'C', direction: 'forward', at: T1 } },
      ]);
    });

    it('may skip stages and change the expected amount and close date on the way', () => {
      const [event] = expectEvents(
        given([captured()], advanceLead({ to: 'A', reason: 'signed LOI', expectedAmount: 9000, expectedCloseDate: '2024-04-30' })),
      );
      expect(event.data).toEqual({
        leadId: LEAD_ID,
        from: 'D',
        to: 'A',
        direction: 'forward',
        reason: 'signed LOI',
        expectedAmount: 9000,
        expectedCloseDate: '2024-04-30',
        at: T1,
      });
    });

    it('moves backward with a reason', () => {
      const [event] = expectEvents(given([captured(), advanced('D', 'B')], advanceLead({ to: 'C', reason: 'budget frozen' }, T2)));
      expect(event.data).toMatchObject({ from: 'B', to: 'C', direction: 'backward', reason: 'budget frozen' });
    });

    it('refuses a backward move without a reason (REASON_REQUIRED)', () => {
      const history = [captured(), advanced('D', 'B')];
      expect(expectRefusal(given(history, advanceLead({ to: 'C' }, T2)), 'REASON_REQUIRED').details).toEqual({
        leadId: LEAD_ID,
        from: 'B',
        to: 'C',
      });
      expectRefusal(given(history, advanceLead({ to: 'D', reason: ' ' }, T2)), 'REASON_REQUIRED');
    });

    it('refuses a move to the current stage (STAGE_UNCHANGED)', () => {
      expect(expectRefusal(given([captured()], advanceLead({ to: 'D' })), 'STAGE_UNCHANGED').details).toMatchObject({ stage: 'D' });
    });

    it('marks the lead lost with the lost reason and the competitor', () => {
      const [event] = expectEvents(given([captured()], advanceLead({ to: 'lost', reason: 'chose a cheaper offer', competitor: 'Rival Co' })));
      expect(event.data).toEqual({
        leadId: LEAD_ID,
        from: 'D',
        to: 'lost',
        direction: 'forward',
        lostReason: 'chose a cheaper offer',
        competitor: 'Rival Co',
        at: T1,
      });
    });

    it('refuses to mark the lead lost without a reason (LOST_REASON_REQUIRED)', () => {
      expectRefusal(given([captured()], advanceLead({ to: 'lost' })), 'LOST_REASON_REQUIRED');
      expectRefusal(given([captured()], advanceLead({ to: 'lost', reason: '' })), 'LOST_REASON_REQUIRED');
    });

    it('marks the lead won with the won amount', () => {
      const [event] = expectEvents(given([captured(), advanced('D', 'A')], advanceLead({ to: 'won', amount: 8800 }, T2)));
      expect(event.data).toEqual({ leadId: LEAD_ID, from: 'A', to: 'won', direction: 'forward', wonAmount: 8800, at: T2 });
    });

    it.each([undefined, 0, -10, Number.NaN])('refuses to mark the lead won with amount %s (WON_AMOUNT_REQUIRED)', (amount) => {
      expectRefusal(given([captured()], advanceLead({ to: 'won', amount })), 'WON_AMOUNT_REQUIRED');
    });

    it('refuses a won amount on any other move and a competitor on any move but lost (FIELD_NOT_APPLICABLE)', () => {
      expect(expectRefusal(given([captured()], advanceLead({ to: 'C', amount: 10 })), 'FIELD_NOT_APPLICABLE').details).toMatchObject({
        field: 'amount',
      });
      expect(
        expectRefusal(given([captured()], advanceLead({ to: 'won', amount: 10, competitor: 'Rival' })), 'FIELD_NOT_APPLICABLE').details,
      ).toMatchObject({ field: 'competitor' });
    });

    it('refuses a negative expected amount (INVALID_AMOUNT)', () => {
      expectRefusal(given([captured()], advanceLead({ to: 'C', expectedAmount: -1 })), 'INVALID_AMOUNT');
    });

    describe('a lead classed m+a+n (not a prospect)', () => {
      const history = [captured(), advanced('D', 'C', {}, T0), qualified('m+a+n')];

      it('cannot move forward without an override reason (MAN_DISQUALIFIED)', () => {
        expect(expectRefusal(given(history, advanceLead({ to: 'B' })), 'MAN_DISQUALIFIED').details).toEqual({
          leadId: LEAD_ID,
          manClass: 'm+a+n',
          from: 'C',
          to: 'B',
        });
        expectRefusal(given(history, advanceLead({ to: 'won', amount: 100 })), 'MAN_DISQUALIFIED');
      });

      it('moves forward with an override reason, which the event records', () => {
        const [event] = expectEvents(given(history, advanceLead({ to: 'B', overrideReason: 'director vouched for them' })));
        expect(event.data).toMatchObject({ to: 'B', overrideReason: 'director vouched for them' });
      });

      it('may still move back or be marked lost without an override', () => {
        expectEvents(given(history, advanceLead({ to: 'D', reason: 'no contact' })));
        expectEvents(given(history, advanceLead({ to: 'lost', reason: 'not a prospect' })));
      });

      it('moves forward freely once re-qualified to another class', () => {
        expectEvents(given([...history, qualified('M+A+N', 'm+a+n', T1)], advanceLead({ to: 'B' }, T2)));
      });
    });
  });

  describe('ReopenLead', () => {
    it('reopens a won lead at the stage given', () => {
      expect(given([captured(), won()], reopenLead({ to: 'C', reason: 'deal fell through' }))).toEqual([
        { type: 'LeadReopened', version: 1, data: { leadId: LEAD_ID, from: 'won', to: 'C', reason: 'deal fell through', at: T2 } },
      ]);
    });

    it('reopens a lost lead', () => {
      const [event] = expectEvents(given([captured(), lost()], reopenLead({ to: 'D', reason: 'competitor contract ends' })));
      expect(event.data).toMatchObject({ from: 'lost', to: 'D' });
    });

    it('refuses to reopen an open lead (LEAD_NOT_CLOSED)', () => {
      expect(expectRefusal(given([captured()], reopenLead({ to: 'C', reason: 'x' })), 'LEAD_NOT_CLOSED').details).toEqual({
        leadId: LEAD_ID,
        stage: 'D',
      });
    });

    it('refuses to reopen without a reason (REASON_REQUIRED)', () => {
      expectRefusal(given([captured(), lost()], reopenLead({ to: 'D', reason: '  ' })), 'REASON_REQUIRED');
    });

    it('lets the reopened lead take commands again', () => {
      expectEvents(given([captured(), lost(), reopened('lost', 'C')], advanceLead({ to: 'B' }, T3)));
    });
  });

  describe('LogLeadActivity', () => {
    it('logs an activity with its outcome and next follow-up', () => {
      const data = {
        activityId: 'act-7',
        activityType: 'visit' as const,
        outcome: 'Showed the demo unit',
        outcomeCode: 'interested' as const,
        notes: 'wants a trial',
        durationMinutes: 45,
        nextFollowUpAt: T3,
      };
      expect(given([captured()], logActivity(data))).toEqual([
        { type: 'LeadActivityLogged', version: 1, data: { leadId: LEAD_ID, ...data, at: T1 } },
      ]);
    });

    it('accepts a follow-up at the very time of the activity', () => {
      expectEvents(given([captured()], logActivity({ nextFollowUpAt: T1 }, T1)));
    });

    it('refuses a follow-up before the activity (FOLLOW_UP_IN_PAST)', () => {
      const error = expectRefusal(given([captured()], logActivity({ nextFollowUpAt: T0 }, T1)), 'FOLLOW_UP_IN_PAST');
      expect(error.details).toMatchObject({ occurredAt: T1, nextFollowUpAt: T0 });
    });

    it('is idempotent: an activity id already logged yields no events', () => {
      expect(given([captured(), activityLogged('act-1', T1)], logActivity({ activityId: 'act-1' }, T2))).toEqual([]);
    });

    it('stays idempotent after the lead closed, so a retry does not fail', () => {
      expect(given([captured(), activityLogged('act-1', T1), won()], logActivity({ activityId: 'act-1' }, T2))).toEqual([]);
    });
  });

  describe('ReassignLead', () => {
    it('moves the lead to another owner and team', () => {
      expect(given([captured()], reassignLead({ toOwnerId: 'rep-2', toTeamId: 'team-2', reason: 'rep left' }))).toEqual([
        {
          type: 'LeadReassigned',
          version: 1,
          data: {
            leadId: LEAD_ID,
            fromOwnerId: 'rep-1',
            toOwnerId: 'rep-2',
            fromTeamId: 'team-1',
            toTeamId: 'team-2',
            reason: 'rep left',
            at: T1,
          },
        },
      ]);
    });

    it('moves the lead to another team with the same owner', () => {
      expectEvents(given([captured()], reassignLead({ toOwnerId: 'rep-1', toTeamId: 'team-2' })));
    });

    it('records the bulk reassignment when the owner is still the expected one', () => {
      const [event] = expectEvents(given([captured()], reassignLead({ expectedOwnerId: 'rep-1', bulkReassignmentId: 'bulk-1' })));
      expect(event.data).toMatchObject({ fromOwnerId: 'rep-1', toOwnerId: 'rep-2', bulkReassignmentId: 'bulk-1' });
      expect(event.data).not.toHaveProperty('expectedOwnerId');
    });

    it('refuses when owner and team stay the same (OWNER_UNCHANGED)', () => {
      expectRefusal(given([captured()], reassignLead({ toOwnerId: 'rep-1', toTeamId: 'team-1' })), 'OWNER_UNCHANGED');
    });

    it('refuses a bulk move of a lead reassigned meanwhile (OWNER_MISMATCH)', () => {
      const history = [captured(), reassigned('rep-3')];
      expect(expectRefusal(given(history, reassignLead({ expectedOwnerId: 'rep-1' }, T2)), 'OWNER_MISMATCH').details).toEqual({
        leadId: LEAD_ID,
        expectedOwnerId: 'rep-1',
        ownerId: 'rep-3',
      });
    });

    it('answers a retried bulk move that already happened with OWNER_UNCHANGED, not OWNER_MISMATCH', () => {
      const history = [captured(), reassigned('rep-2')];
      expectRefusal(given(history, reassignLead({ expectedOwnerId: 'rep-1', bulkReassignmentId: 'bulk-1' }, T2)), 'OWNER_UNCHANGED');
    });
  });

  describe('WithdrawLeadConsent', () => {
    const consenting = captured({ consent: { purposes: ['sales_contact', 'marketing', 'profiling'] } });

    it('withdraws the purposes named, records what remains, the note and the business time', () => {
      expect(given([consenting], withdrawConsent({ purposes: ['profiling', 'marketing'], note: 'asked by phone' }))).toEqual([
        {
          type: 'LeadConsentWithdrawn',
          version: 1,
          data: { leadId: LEAD_ID, purposes: ['marketing', 'profiling'], remainingPurposes: ['sales_contact'], note: 'asked by phone', at: T2 },
        },
      ]);
    });

    it('withdraws every purpose still consented to with `all`, leaving none', () => {
      const history = [consenting, consentWithdrawn(['marketing'], ['sales_contact', 'profiling'], T1)];
      expect(given(history, withdrawConsent({ purposes: 'all' }, T3))).toEqual([consentWithdrawn(['sales_contact', 'profiling'], [], T3)]);
    });

    it('is idempotent: withdrawing what was already withdrawn yields no events', () => {
      const history = [consenting, consentWithdrawn(['marketing'], ['sales_contact', 'profiling'], T1)];
      expect(given(history, withdrawConsent({ purposes: ['marketing'] }))).toEqual([]);
      expect(given([...history, consentWithdrawn(['sales_contact', 'profiling'], [])], withdrawConsent({ purposes: 'all' }, T3))).toEqual([]);
    });

    it('withdraws only what is still consented to when the list mixes it with purposes withdrawn earlier', () => {
      const history = [consenting, consentWithdrawn(['marketing'], ['sales_contact', 'profiling'], T1)];
      expect(given(history, withdrawConsent({ purposes: ['marketing', 'profiling'] }))).toEqual([consentWithdrawn(['profiling'], ['sales_contact'])]);
    });

    it('refuses to withdraw a purpose never consented to (CONSENT_NOT_GIVEN), and withdraws nothing', () => {
      const error = expectRefusal(given([consenting], withdrawConsent({ purposes: ['marketing', 'third_party_sharing'] })), 'CONSENT_NOT_GIVEN');
      expect(error.details).toEqual({ leadId: LEAD_ID, purposes: ['third_party_sharing'], consentPurposes: ['sales_contact', 'marketing', 'profiling'] });
    });

    it.each([
      ['won', [captured(), won()]],
      ['lost', [captured(), lost()]],
    ] as const)('accepts a withdrawal on a %s lead (consent is the person\'s whatever became of the lead)', (_stage, history) => {
      expect(given(history, withdrawConsent({ purposes: 'all' }))).toEqual([consentWithdrawn(['sales_contact'], [])]);
    });
  });

  it('refuses a command it does not know (UNKNOWN_COMMAND) instead of throwing', () => {
    const bogus = { type: 'DeleteLead', data: { leadId: LEAD_ID }, context: ctx() } as unknown as LeadCommand;
    expectRefusal(given([captured()], bogus), 'UNKNOWN_COMMAND');
  });
});

// ---- evolve ---------------------------------------------------------------------------------

describe('leadDecider.evolve', () => {
  it('starts with no lead', () => {
    expect(leadDecider.initialState).toEqual({ exists: false });
  });

  it('builds the full state from LeadCaptured, at stage D', () => {
    const state = fold(leadDecider, [
      captured({ expectedAmount: 700, expectedCloseDate: '2024-05-01', referredBy: { kind: 'customer', id: 'cust-1' } }),
    ]);
    expect(state).toEqual({
      exists: true,
      leadId: LEAD_ID,
      kind: 'person',
      stage: 'D',
      ownerId: 'rep-1',
      teamId: 'team-1',
      source: 'telemarketing',
      referredBy: { kind: 'customer', id: 'cust-1' },
      manClass: null,
      recommendedAction: null,
      expectedAmount: 700,
      expectedCloseDate: '2024-05-01',
      wonAmount: null,
      lostReason: null,
      closed: false,
      activityIds: new Set(),
      capturedAt: T0,
      stageEnteredAt: T0,
      lastActivityAt: null,
      nextFollowUpAt: null,
      consentPurposes: ['sales_contact'],
      withdrawnPurposes: [],
      referralRewards: {},
    });
  });

  it('moves withdrawn purposes out of the consent, accumulating them in canonical order', () => {
    const history = [
      captured({ consent: { purposes: ['profiling', 'marketing', 'sales_contact'] } }),
      consentWithdrawn(['profiling'], ['marketing', 'sales_contact'], T1),
      consentWithdrawn(['marketing'], ['sales_contact'], T2),
    ];
    expect(existing(fold(leadDecider, history))).toMatchObject({ consentPurposes: ['sales_contact'], withdrawnPurposes: ['marketing', 'profiling'] });
  });

  it('records rewards owed as a plain object and marks them paid', () => {
    const owed = existing(fold(leadDecider, [captured(), rewardOwed('rw-1'), rewardOwed('rw-2', 40, T3)]));
    expect(owed.referralRewards).toEqual({
      'rw-1': { referredLeadId: 'lead-2', amount: 25, owedAt: T2, paidAt: null },
      'rw-2': { referredLeadId: 'lead-2', amount: 40, owedAt: T3, paidAt: null },
    });
    const paid = existing(leadDecider.evolve(owed, rewardPaid('rw-1', 25, T3)));
    expect(paid.referralRewards['rw-1']).toEqual({ referredLeadId: 'lead-2', amount: 25, owedAt: T2, paidAt: T3 });
    expect(owed.referralRewards['rw-1'].paidAt).toBeNull();
    expect(JSON.parse(JSON.stringify(paid.referralRewards))).toEqual(paid.referralRewards);
  });

  it('keeps the latest MAN class and action', () => {
    const state = existing(fold(leadDecider, [captured(), qualified('m+a+n'), qualified('M+A+n', 'm+a+n')]));
    expect({ manClass: state.manClass, recommendedAction: state.recommendedAction }).toEqual({
      manClass: 'M+A+n',
      recommendedAction: 'create_need',
    });
  });

  it('tracks the stage, when it was entered and the forecast fields, keeping them when a move does not change them', () => {
    const afterC = existing(fold(leadDecider, [captured({ expectedAmount: 100 }), advanced('D', 'C', { expectedCloseDate: '2024-06-01' }, T1)]));
    expect(afterC).toMatchObject({ stage: 'C', stageEnteredAt: T1, capturedAt: T0, expectedAmount: 100, expectedCloseDate: '2024-06-01' });
    const afterB = existing(leadDecider.evolve(afterC, advanced('C', 'B', { expectedAmount: 250 }, T2)));
    expect(afterB).toMatchObject({ stage: 'B', stageEnteredAt: T2, expectedAmount: 250, expectedCloseDate: '2024-06-01', closed: false });
  });

  it('exposes the won amount and closes the lead when won', () => {
    expect(existing(fold(leadDecider, [captured(), won(4200, T2)]))).toMatchObject({
      stage: 'won',
      closed: true,
      wonAmount: 4200,
      lostReason: null,
      stageEnteredAt: T2,
    });
  });

  it('records the lost reason and closes the lead when lost', () => {
    expect(existing(fold(leadDecider, [captured(), lost()]))).toMatchObject({
      stage: 'lost',
      closed: true,
      wonAmount: null,
      lostReason: 'went quiet',
    });
  });

  it('reopening clears the outcome and re-enters an open stage', () => {
    expect(existing(fold(leadDecider, [captured(), won(), reopened('won', 'B', T3)]))).toMatchObject({
      stage: 'B',
      closed: false,
      wonAmount: null,
      lostReason: null,
      stageEnteredAt: T3,
    });
  });

  it('remembers activity ids and the latest activity and follow-up', () => {
    const state = existing(
      fold(leadDecider, [captured(), activityLogged('a1', T1, { nextFollowUpAt: T2 }), activityLogged('a2', T2, { nextFollowUpAt: T3 })]),
    );
    expect([...state.activityIds]).toEqual(['a1', 'a2']);
    expect({ lastActivityAt: state.lastActivityAt, nextFollowUpAt: state.nextFollowUpAt }).toEqual({ lastActivityAt: T2, nextFollowUpAt: T3 });
  });

  it('clears the follow-up when the latest activity sets none', () => {
    const state = existing(fold(leadDecider, [captured(), activityLogged('a1', T1, { nextFollowUpAt: T2 }), activityLogged('a2', T2)]));
    expect(state.nextFollowUpAt).toBeNull();
  });

  it('does not let a back-dated activity move the latest activity or follow-up back', () => {
    const state = existing(
      fold(leadDecider, [captured(), activityLogged('a2', T2, { nextFollowUpAt: T3 }), activityLogged('a1', T1, { nextFollowUpAt: T1 })]),
    );
    expect(state.activityIds.has('a1')).toBe(true);
    expect({ lastActivityAt: state.lastActivityAt, nextFollowUpAt: state.nextFollowUpAt }).toEqual({ lastActivityAt: T2, nextFollowUpAt: T3 });
  });

  it('does not mutate the previous state', () => {
    const before = existing(fold(leadDecider, [captured()]));
    leadDecider.evolve(before, activityLogged('a1', T1));
    leadDecider.evolve(before, reassigned('rep-9'));
    expect(before.activityIds.size).toBe(0);
    expect(before.ownerId).toBe('rep-1');
  });

  it('tracks the owner and team', () => {
    expect(existing(fold(leadDecider, [captured(), reassigned('rep-2', 'team-2')]))).toMatchObject({ ownerId: 'rep-2', teamId: 'team-2' });
  });

  it('ignores events for a lead that was never captured', () => {
    expect(fold(leadDecider, [reassigned('rep-2'), activityLogged('a1', T1)])).toEqual({ exists: false });
  });
});

// ---- purity ---------------------------------------------------------------------------------

describe('leadDecider purity', () => {
  // One accepted command of each type, with the history it needs.
  const scenarios: ReadonlyArray<[readonly LeadEvent[], LeadCommand]> = [
    [[], captureLead()],
    [[captured()], qualifyLead({ m: true, a: false, n: true })],
    [[captured()], advanceLead({ to: 'won', amount: 10 })],
    [[captured(), lost()], reopenLead({ to: 'D', reason: 'back' })],
    [[captured()], logActivity({ nextFollowUpAt: T3 })],
    [[captured()], reassignLead({ expectedOwnerId: 'rep-1' })],
    [[captured(), lost()], oweReward()],
    [[captured(), rewardOwed()], payReward({ method: 'cash' })],
    [[captured()], withdrawConsent({ purposes: 'all', note: 'by letter' })],
  ];
  const decideAll = () => scenarios.map(([history, command]) => given(history, command));

  it('gives deep-equal output for the same input', () => {
    const first = decideAll();
    expect(first.every((decision) => Array.isArray(decision) && decision.length === 1)).toBe(true);
    expect(decideAll()).toEqual(first);
  });

  it('never reads the clock or draws random numbers', () => {
    const expected = decideAll();
    const RealDate = Date;
    const realRandom = Math.random;
    const forbidden = (what: string) => () => {
      throw new Error(`the decider read ${what}`);
    };
    // `Date.parse` and `new Date(value)` stay allowed: they compute, they do not read the clock.
    global.Date = new Proxy(RealDate, {
      construct: (target, args: unknown[]) => (args.length === 0 ? forbidden('new Date()')() : Reflect.construct(target, args)),
      apply: forbidden('Date()'),
      get: (target, property, receiver) => (property === 'now' ? forbidden('Date.now()') : Reflect.get(target, property, receiver)),
    });
    Math.random = forbidden('Math.random()');
    let actual: unknown;
    try {
      actual = decideAll();
    } finally {
      global.Date = RealDate;
      Math.random = realRandom;
    }
    expect(actual).toEqual(expected);
  });

  it('does not change the state it decides on', () => {
    const state = fold(leadDecider, [captured(), activityLogged('a1', T1)]);
    const snapshot = { ...state, activityIds: new Set(existing(state).activityIds) };
    leadDecider.decide(logActivity({ activityId: 'a2' }), state);
    leadDecider.decide(advanceLead({ to: 'won', amount: 5 }), state);
    expect(state).toEqual(snapshot);
  });
});
