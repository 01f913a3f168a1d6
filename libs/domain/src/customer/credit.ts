import { DomainError, money, ruleViolated } from '../shared';
import { CREDIT_CRITERIA, CreditRating, CustomerErrorCode, MAX_CREDIT_SCORE, MIN_CREDIT_SCORE } from './customer.constants';
import { CreditScores } from './customer.events';

/**
 * The 5C credit rule (信用5C, DOMAIN §5): low-credit customers get smaller credit, high-credit larger.
 *
 * - Each C (character, capacity, capital, collateral, conditions) is scored as an integer 1–5.
 * - score = the sum of the five, 5–25.
 * - rating = 'A' when score ≥ 21, 'B' when ≥ 16, 'C' when ≥ 11, else 'D'.
 * - A character score of 1 caps the rating at 'D' whatever the sum: character (willingness to pay)
 *   is the first C, and an unwilling payer gets no credit.
 * - creditLimit = requestedLimit × factor (A 1.0, B 0.75, C 0.5, D 0), rounded to cents.
 */
export const CREDIT_RATING_THRESHOLDS: ReadonlyArray<readonly [minScore: number, rating: CreditRating]> = [
  [21, 'A'],
  [16, 'B'],
  [11, 'C'],
];

export const CREDIT_LIMIT_FACTORS: Readonly<Record<CreditRating, number>> = { A: 1, B: 0.75, C: 0.5, D: 0 };

export interface CreditOutcome {
  readonly score: number;
  readonly rating: CreditRating;
  readonly creditLimit: number;
}

const isValidScore = (value: unknown): boolean =>
  Number.isInteger(value) && (value as number) >= MIN_CREDIT_SCORE && (value as number) <= MAX_CREDIT_SCORE;

/** Refuses scores that are not integers 1–5 (INVALID_CREDIT_SCORE), naming every offending C. */
export const validateCreditScores = (scores: CreditScores): DomainError | null => {
  const invalid = CREDIT_CRITERIA.filter((criterion) => !isValidScore(scores?.[criterion]));
  return invalid.length === 0
    ? null
    : ruleViolated('INVALID_CREDIT_SCORE' satisfies CustomerErrorCode, `Credit scores must be integers from ${MIN_CREDIT_SCORE} to ${MAX_CREDIT_SCORE}.`, {
        invalid: Object.fromEntries(invalid.map((criterion) => [criterion, scores?.[criterion] ?? null])),
      });
};

export const creditScore = (scores: CreditScores): number =>
  CREDIT_CRITERIA.reduce((sum, criterion) => sum + scores[criterion], 0);

export const creditRating = (scores: CreditScores): CreditRating => {
  if (scores.character <= MIN_CREDIT_SCORE) return 'D';
  const score = creditScore(scores);
  return CREDIT_RATING_THRESHOLDS.find(([minScore]) => score >= minScore)?.[1] ?? 'D';
};

export const creditLimitFor = (rating: CreditRating, requestedLimit: number): number =>
  money(requestedLimit * CREDIT_LIMIT_FACTORS[rating]);

/** The whole rule: validated scores and a requested limit in, score, rating and limit out. */
export const assessCredit = (scores: CreditScores, requestedLimit: number): CreditOutcome | DomainError => {
  const invalid = validateCreditScores(scores);
  if (invalid) return invalid;
  const rating = creditRating(scores);
  return { score: creditScore(scores), rating, creditLimit: creditLimitFor(rating, requestedLimit) };
};
