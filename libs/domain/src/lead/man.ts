import { ManClass, RecommendedAction } from './lead.constants';

/** One MAN criterion: does the lead have it, and what tells us so. */
export interface ManAnswer {
  readonly has: boolean;
  readonly evidence?: string;
}

export interface ManAssessment {
  readonly money: ManAnswer;
  readonly authority: ManAnswer;
  readonly need: ManAnswer;
}

export interface ManClassification {
  readonly manClass: ManClass;
  readonly recommendedAction: RecommendedAction;
}

/** DOMAIN §2, one row per class; `Record<ManClass, …>` makes the compiler check all eight are here. */
const ACTION_BY_CLASS: Readonly<Record<ManClass, RecommendedAction>> = {
  'M+A+N': 'pursue_now',
  'M+A+n': 'create_need',
  'M+a+N': 'find_decision_maker',
  'm+A+N': 'check_ability_to_pay',
  'm+a+N': 'nurture',
  'm+A+n': 'nurture',
  'M+a+n': 'nurture',
  'm+a+n': 'stop_contact',
};

const letter = (answer: ManAnswer, upper: string): string =>
  answer.has ? upper : upper.toLowerCase();

/** Classifies a lead by the MAN rule: upper case = has it, lower case = lacks it. */
export const classifyMan = ({ money, authority, need }: ManAssessment): ManClassification => {
  const manClass = `${letter(money, 'M')}+${letter(authority, 'A')}+${letter(need, 'N')}` as ManClass;
  return { manClass, recommendedAction: ACTION_BY_CLASS[manClass] };
};
