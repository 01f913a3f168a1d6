import { ActivityOutcomeCode, ActivityType, LeadSource, ManClass } from '@app/domain/lead';
import { ComplaintCategory, ComplaintChannel, ComplaintSeverity, ComplaintTouchpoint } from '@app/domain/complaint';
import { PaymentMethod } from '@app/domain/customer';

/*
 * The demo company sells compressed-air equipment and service to workshops and factories in China.
 * Names, places and texts below are invented; weights are relative (they need not sum to 100).
 */

/** Sales teams and their reps. rep-huang leaves part-way through the history; rep-sun joins then. */
export const TEAMS = {
  'team-east': ['rep-wang', 'rep-li', 'rep-zhang'],
  'team-north': ['rep-liu', 'rep-chen', 'rep-yang'],
  'team-south': ['rep-zhao', 'rep-huang'],
} as const satisfies Record<string, readonly string[]>;
export type TeamId = keyof typeof TEAMS;
export const TEAM_WEIGHTS: Readonly<Record<TeamId, number>> = { 'team-east': 40, 'team-north': 35, 'team-south': 25 };

export const DEPARTURE = {
  rep: 'rep-huang',
  team: 'team-south',
  /** Share of the history's span after which the rep leaves. */
  atShare: 0.55,
  successor: 'rep-zhao',
  newcomer: 'rep-sun',
  manager: 'manager-south',
} as const;

export const CREDIT_OFFICER = 'credit-qian';
export const FINANCE = 'finance-sun';
export const SERVICE_DESK = ['service-zhou', 'service-wu'] as const;
export const SURVEY = 'service-survey';
export const REFERRAL_POLICY_ACTOR = 'policy:referral-rewards';
export const DEADLINE_POLICY_ACTOR = 'policy:safety-deadlines';

/** DOMAIN §1: referral, telemarketing, web and trade shows bring most leads; every method appears. */
export const SOURCE_WEIGHTS: Readonly<Record<LeadSource, number>> = {
  referral: 18,
  telemarketing: 16,
  web: 15,
  trade_show: 12,
  door_to_door: 5,
  center_of_influence: 4,
  agent: 4,
  direct_mail: 4,
  snowball: 5,
  directory_research: 4,
  market_consultation: 2,
  advertising: 5,
  competitor: 3,
  walk_in: 3,
};

/** Sources whose lead names who sent it. */
export const REFERRED_SOURCES: readonly LeadSource[] = ['referral', 'snowball', 'center_of_influence'];

/** DOMAIN §2: many ideal prospects, a real share of non-prospects (m+a+n) that stop at qualification. */
export const MAN_WEIGHTS: Readonly<Record<ManClass, number>> = {
  'M+A+N': 36,
  'M+A+n': 9,
  'M+a+N': 12,
  'm+A+N': 9,
  'm+a+N': 7,
  'm+A+n': 5,
  'M+a+n': 6,
  'm+a+n': 16,
};

export const MAN_EVIDENCE = {
  money: {
    has: ['budget approved for this year', '年度预算已批', 'paid the last supplier on time', 'owner confirmed funds'],
    lacks: ['no budget until next year', 'cash flow is tight', 'asked for long credit terms'],
  },
  authority: {
    has: ['general manager decides', '老板亲自拍板', 'head of equipment signs purchases'],
    lacks: ['purchasing decides, we met an engineer', 'needs approval from the parent company', 'contact is an assistant'],
  },
  need: {
    has: ['old compressor keeps failing', 'new production line planned', '扩产需要更多气量', 'energy bill too high'],
    lacks: ['equipment is new', 'outsourced the process', 'no stated need'],
  },
} as const;

export const SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'], ['赵', 'zhao'],
  ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'], ['胡', 'hu'], ['郭', 'guo'],
  ['何', 'he'], ['林', 'lin'], ['高', 'gao'], ['罗', 'luo'],
];
export const GIVEN_NAMES: readonly (readonly [string, string])[] = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['强', 'qiang'], ['磊', 'lei'], ['军', 'jun'],
  ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'], ['杰', 'jie'], ['涛', 'tao'], ['明', 'ming'], ['超', 'chao'], ['秀英', 'xiuying'],
  ['建华', 'jianhua'], ['志强', 'zhiqiang'], ['海燕', 'haiyan'], ['晓东', 'xiaodong'], ['丽娟', 'lijuan'], ['国庆', 'guoqing'],
];

/** City, its region and its mobile area; leads and customers come from these. */
export const CITIES: readonly (readonly [city: string, region: string])[] = [
  ['上海', 'East China'], ['杭州', 'East China'], ['苏州', 'East China'], ['南京', 'East China'], ['宁波', 'East China'],
  ['北京', 'North China'], ['天津', 'North China'], ['青岛', 'North China'], ['郑州', 'Central China'], ['武汉', 'Central China'],
  ['广州', 'South China'], ['深圳', 'South China'], ['东莞', 'South China'], ['厦门', 'South China'], ['成都', 'West China'],
];

export const BRANDS: readonly (readonly [string, string])[] = [
  ['华信', 'huaxin'], ['恒通', 'hengtong'], ['永盛', 'yongsheng'], ['东方', 'dongfang'], ['金鼎', 'jinding'], ['宏达', 'hongda'],
  ['新源', 'xinyuan'], ['瑞丰', 'ruifeng'], ['天成', 'tiancheng'], ['凯旋', 'kaixuan'], ['明珠', 'mingzhu'], ['远航', 'yuanhang'],
  ['长城', 'changcheng'], ['中联', 'zhonglian'], ['鑫达', 'xinda'], ['安泰', 'antai'],
];

/** Industry, the Chinese word in the company name, and its main business. */
export const INDUSTRIES: readonly (readonly [industry: string, word: string, mainBusiness: string])[] = [
  ['machinery', '机械制造', 'CNC machining and assembly'],
  ['electronics', '电子科技', 'PCB assembly'],
  ['automotive', '汽车零部件', 'stamped and welded body parts'],
  ['food', '食品', 'packaged snacks and beverages'],
  ['textiles', '纺织', 'dyeing and weaving'],
  ['plastics', '塑料制品', 'injection moulding'],
  ['pharma', '制药', 'tablet and capsule production'],
  ['furniture', '家具', 'panel furniture with spray painting'],
  ['printing', '印刷包装', 'cartons and labels'],
  ['construction', '建材', 'ready-mix concrete and blocks'],
];

export const ORGANISATION_SUFFIXES = ['有限公司', '股份有限公司', '集团有限公司'] as const;

/** What the company sells; order items and interests come from here. */
export const PRODUCTS: readonly { sku: string; family: string; description: string; unitPrice: number; forPersons: boolean }[] = [
  { sku: 'AC-200', family: 'screw-compressor', description: '螺杆空压机 AC-200 (37 kW)', unitPrice: 48_000, forPersons: false },
  { sku: 'AC-110', family: 'screw-compressor', description: '螺杆空压机 AC-110 (22 kW)', unitPrice: 31_500, forPersons: false },
  { sku: 'AC-75', family: 'piston-compressor', description: '活塞空压机 AC-75', unitPrice: 12_800, forPersons: true },
  { sku: 'AC-30', family: 'piston-compressor', description: '便携式空压机 AC-30', unitPrice: 3_200, forPersons: true },
  { sku: 'DRY-30', family: 'air-dryer', description: '冷冻式干燥机 DRY-30', unitPrice: 9_600, forPersons: false },
  { sku: 'TANK-1000', family: 'air-tank', description: '储气罐 1 m³', unitPrice: 5_400, forPersons: true },
  { sku: 'FLT-KIT', family: 'spare-parts', description: '精密过滤器套件', unitPrice: 860, forPersons: true },
  { sku: 'OIL-20L', family: 'spare-parts', description: '专用润滑油 20 L', unitPrice: 640, forPersons: true },
  { sku: 'SVC-Y1', family: 'maintenance-plan', description: '年度维保服务', unitPrice: 15_000, forPersons: false },
  { sku: 'INST', family: 'installation', description: '安装调试', unitPrice: 3_500, forPersons: true },
  { sku: 'TRN', family: 'training', description: '操作培训 (1 天)', unitPrice: 2_000, forPersons: false },
];

/** DOMAIN §4: calls and visits dominate; demos and trials belong to stage B. */
export const ACTIVITY_WEIGHTS: Readonly<Record<ActivityType, number>> = {
  call: 44,
  visit: 24,
  email: 8,
  message: 8,
  store_visit: 5,
  demo: 5,
  trial: 3,
  direct_mail: 3,
};

export const ACTIVITY_MINUTES: Readonly<Record<ActivityType, readonly [number, number]>> = {
  call: [3, 25],
  visit: [30, 150],
  email: [5, 20],
  message: [2, 10],
  store_visit: [20, 90],
  demo: [60, 180],
  trial: [120, 480],
  direct_mail: [10, 30],
};

export const ACTIVITY_OUTCOMES: Readonly<Record<ActivityOutcomeCode, readonly string[]>> = {
  reached: ['talked to the contact', 'sent the catalogue and price list', 'confirmed the site layout'],
  no_answer: ['no answer, will try again', 'number busy', 'assistant took a message'],
  interested: ['asked for a quotation', 'wants to see the energy-saving figures', 'interested in a trial unit'],
  not_interested: ['happy with the current supplier', 'not now, maybe next year'],
  follow_up: ['agreed to meet next week', 'send the revised offer', 'bring the engineer next visit'],
  other: ['met at the industry association dinner', 'left a brochure at reception'],
};

export const LOST_REASONS = ['price too high', 'chose a competitor', 'no budget this year', 'project cancelled', 'no response after repeated contact', 'bought second-hand equipment'] as const;
export const COMPETITORS = ['Atlas Copco', 'Kaishan 开山', 'Ingersoll Rand', 'Bolaite 鲍斯', 'Fusheng 复盛'] as const;
export const BACKWARD_REASONS = ['budget frozen until next quarter', 'decision maker changed', 'customer reopened the requirements'] as const;
export const REOPEN_REASONS = ['budget approved after all', 'competitor failed to deliver', 'new plant manager wants to talk again'] as const;

export const EDUCATION = ['vocational college, mechanical engineering', '本科, 工商管理', 'MBA, Fudan University', 'high school, self-taught mechanic'] as const;
export const INTERESTS = ['fishing', '羽毛球', 'tea', 'Chinese chess', 'hiking', 'football'] as const;
export const FAMILY = ['married, one son at university', 'married, two children', 'single', 'cares for elderly parents'] as const;
export const BUSINESS_BACKGROUND = ['runs a repair workshop for 12 years', 'ex-engineer at a state-owned plant', 'family business, second generation'] as const;

export const PAYMENT_METHOD_WEIGHTS: Readonly<Record<'organisation' | 'person', Readonly<Partial<Record<PaymentMethod, number>>>>> = {
  organisation: { bank_transfer: 75, cheque: 10, online: 15 },
  person: { online: 40, card: 30, cash: 20, bank_transfer: 10 },
};

export const RETURN_REASONS = ['damaged in transit', 'wrong model delivered', 'customer downsized the order'] as const;
export const DISCOUNT_REASONS = ['volume discount', 'compensation for late delivery', 'loyalty discount agreed by the sales director'] as const;

/** DOMAIN §6: categories with where they arise and what is said. */
export const COMPLAINT_CATEGORY_WEIGHTS: Readonly<Record<ComplaintCategory, number>> = {
  product_quality: 26,
  delivery: 20,
  service_attitude: 14,
  billing: 10,
  after_sales: 11,
  installation: 9,
  safety: 3,
  other: 7,
};

export const COMPLAINT_TOUCHPOINTS: Readonly<Record<ComplaintCategory, readonly ComplaintTouchpoint[]>> = {
  product_quality: ['after_sales', 'store', 'phone'],
  delivery: ['delivery'],
  service_attitude: ['sales_visit', 'phone', 'store'],
  billing: ['billing'],
  after_sales: ['after_sales', 'phone'],
  installation: ['installation'],
  safety: ['after_sales', 'installation', 'phone'],
  other: ['website', 'phone', 'other'],
};

export const COMPLAINT_DESCRIPTIONS: Readonly<Record<ComplaintCategory, readonly string[]>> = {
  product_quality: ['compressor overheats after two hours', '空压机噪音过大', 'oil in the compressed air', 'pressure drops under load'],
  delivery: ['delivered a week late', 'delivery arrived without the dryer', 'driver refused to unload'],
  service_attitude: ['rep did not call back as promised', 'hotline operator was rude', 'nobody answered the emails'],
  billing: ['invoiced twice for the same order', 'invoice amount differs from the contract', 'VAT invoice missing'],
  after_sales: ['maintenance visit missed', 'spare part not in stock for three weeks', 'engineer could not fix the fault'],
  installation: ['installation left pipes leaking', 'installer did not commission the dryer', 'wrong voltage wired'],
  safety: ['pressure relief valve did not open', 'tank shows a crack near the weld', 'electrical cabinet gave a shock'],
  other: ['website price differs from the quote', 'brochure promised a feature the unit lacks'],
};

export const SEVERITY_WEIGHTS: Readonly<Record<ComplaintSeverity, number>> = { low: 34, medium: 42, high: 18, critical: 6 };
export const CHANNEL_WEIGHTS: Readonly<Record<ComplaintChannel, number>> = { phone: 40, email: 18, visit: 10, web: 16, social: 8, letter: 3, other: 5 };

export const RESOLUTIONS = ['replaced the faulty part on site', 'redelivered the missing items', 'credited the overcharge', 'apologised and assigned a new contact', 'engineer revisited and fixed the fault', 'replaced the unit'] as const;
export const SAFETY_RESOLUTIONS = ['unit taken out of service and replaced; valve batch recalled', 'tank replaced and pressure-tested; supplier audit opened', 'cabinet rewired and earth-tested by a certified electrician'] as const;
export const REOPEN_COMPLAINT_REASONS = ['the fault came back', 'the credit note never arrived', 'the replacement has the same problem'] as const;
export const SATISFACTION_COMMENTS = ['fast and polite', 'took too long', 'problem solved, thanks', 'expected a call back sooner', '服务很好'] as const;
