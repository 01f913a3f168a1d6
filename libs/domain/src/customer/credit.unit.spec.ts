import { DomainError } from '../shared';
import { assessCredit, creditLimitFor, creditRating, creditScore, validateCreditScores } from './credit';
import { CreditRating } from './customer.constants';
import { CreditScores } from './customer.events';

const scores = (character: number, capacity: number, capital: number, collateral: number, conditions: number): CreditScores => ({
  character,
  capacity,
  capital,
  collateral,
  conditions,
});

describe('the 5C credit rule', () => {
  it.each<[string, CreditScores, number, CreditRating]>([
    ['top marks', scores(5, 5, 5, 5, 5), 25, 'A'],
    ['the lowest A', scores(5, 4, 4, 4, 4), 21, 'A'],
    ['just below A', scores(4, 4, 4, 4, 4), 20, 'B'],
    ['the lowest B', scores(4, 3, 3, 3, 3), 16, 'B'],
    ['just below B', scores(3, 3, 3, 3, 3), 15, 'C'],
    ['the lowest C', scores(3, 2, 2, 2, 2), 11, 'C'],
    ['just below C', scores(2, 2, 2, 2, 2), 10, 'D'],
    ['the lowest scores', scores(1, 1, 1, 1, 1), 5, 'D'],
    ['character 1 caps a would-be A at D', scores(1, 5, 5, 5, 5), 21, 'D'],
    ['character 2 does not cap', scores(2, 5, 5, 5, 5), 22, 'A'],
  ])('%s: sum %i is rated %s', (_, given, expectedScore, expectedRating) => {
    expect(creditScore(given)).toBe(expectedScore);
    expect(creditRating(given)).toBe(expectedRating);
  });

  it.each<[CreditRating, number, number]>([
    ['A', 10_000, 10_000],
    ['B', 10_000, 7_500],
    ['C', 10_000, 5_000],
    ['D', 10_000, 0],
    // Rounded to cents, half up.
    ['B', 1234.57, 925.93],
    ['B', 100.01, 75.01],
    ['C', 333.33, 166.67],
    ['C', 0.03, 0.02],
  ])('rating %s on a requested %d gives a limit of %d', (rating, requested, limit) => {
    expect(creditLimitFor(rating, requested)).toBe(limit);
  });

  it('assesses score, rating and limit together', () => {
    expect(assessCredit(scores(4, 4, 3, 3, 3), 20_000)).toEqual({ score: 17, rating: 'B', creditLimit: 15_000 });
    expect(assessCredit(scores(1, 5, 5, 5, 5), 20_000)).toEqual({ score: 21, rating: 'D', creditLimit: 0 });
  });

  it.each<[string, Partial<CreditScores>]>([
    ['0', { capital: 0 }],
    ['6', { collateral: 6 }],
    ['a fraction', { capacity: 2.5 }],
    ['NaN', { conditions: Number.NaN }],
  ])('refuses a score of %s with INVALID_CREDIT_SCORE', (_, bad) => {
    const outcome = assessCredit({ ...scores(3, 3, 3, 3, 3), ...bad }, 1_000);
    expect(outcome).toBeInstanceOf(DomainError);
    expect(outcome).toMatchObject({ code: 'INVALID_CREDIT_SCORE', kind: 'rule_violated', details: { invalid: bad } });
  });

  it('names every invalid C, and a missing one as null', () => {
    const missingCharacter = { capacity: 7, capital: 3, collateral: 3, conditions: 3 } as unknown as CreditScores;
    expect(validateCreditScores(missingCharacter)?.details).toEqual({ invalid: { character: null, capacity: 7 } });
    expect(validateCreditScores(scores(3, 3, 3, 3, 3))).toBeNull();
  });
});
