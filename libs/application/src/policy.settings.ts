import { defineSettings } from '@app/config';

/** The business parameters of the product's own reactions (policies and scheduled scans); the demo history uses the same reward. */
export interface PolicySettings {
  /** Owed to a referrer when the lead they referred is won. */
  readonly referralRewardAmount: number;
  /** How often overdue safety-complaint deadlines, and leads due for erasure after a consent withdrawal, are looked for. */
  readonly deadlineScanIntervalMs: number;
  /** Days a lead's personal data is kept after it withdrew its last consent; then it is erased. */
  readonly consentRetentionDays: number;
}

export const POLICY_SETTINGS = defineSettings<PolicySettings>('policies', (env) => ({
  referralRewardAmount: env.integer('REFERRAL_REWARD_AMOUNT', 25, 1, 1_000_000),
  deadlineScanIntervalMs: env.integer('DEADLINE_SCAN_INTERVAL_MS', 60_000, 50, 24 * 3_600_000),
  consentRetentionDays: env.integer('CONSENT_RETENTION_DAYS', 30, 0, 3_650),
}));
