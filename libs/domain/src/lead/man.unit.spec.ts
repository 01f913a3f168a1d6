import { MAN_CLASSES, RecommendedAction } from './lead.constants';
import { classifyMan } from './man';

describe('classifyMan (DOMAIN §2)', () => {
  // [money, authority, need, class, action]: the whole table, written out rather than derived.
  const table: ReadonlyArray<[boolean, boolean, boolean, string, RecommendedAction]> = [
    [true, true, true, 'M+A+N', 'pursue_now'],
    [true, true, false, 'M+A+n', 'create_need'],
    [true, false, true, 'M+a+N', 'find_decision_maker'],
    [false, true, true, 'm+A+N', 'check_ability_to_pay'],
    [false, false, true, 'm+a+N', 'nurture'],
    [false, true, false, 'm+A+n', 'nurture'],
    [true, false, false, 'M+a+n', 'nurture'],
    [false, false, false, 'm+a+n', 'stop_contact'],
  ];

  it.each(table)('money=%s authority=%s need=%s → %s, %s', (money, authority, need, manClass, recommendedAction) => {
    expect(classifyMan({ money: { has: money }, authority: { has: authority }, need: { has: need } })).toEqual({
      manClass,
      recommendedAction,
    });
  });

  it('covers each of the eight MAN_CLASSES exactly once', () => {
    expect(table.map(([, , , manClass]) => manClass).sort()).toEqual([...MAN_CLASSES].sort());
  });

  it('ignores the evidence: only whether the lead has it decides the class', () => {
    const withEvidence = classifyMan({
      money: { has: true, evidence: 'budget approved for Q3' },
      authority: { has: false, evidence: 'the buyer reports to the CFO' },
      need: { has: true },
    });
    expect(withEvidence).toEqual({ manClass: 'M+a+N', recommendedAction: 'find_decision_maker' });
  });
});
