// Numbers, shares, quantities and dates in the current language: the one place every page, table,
// chart label and tooltip formats a figure.
//
// The rule for numbers:
// - counts and exact amounts (tables, the customer file, tooltips): the whole figure with thousands
//   separators in both languages (12,345 · 12,345.5);
// - shortened amounts (KPI cards, axes, bar labels, forecast figures): below 10,000 the whole figure
//   (9,800); from 10,000 up, in Chinese in 万 and 亿 (1.2万, 1,545.3万, 3.4亿: how amounts are read
//   there), in English in K, M and B (12K, 1.2M).
import { lang, tn } from './i18n.js';

const locale = () => (lang() === 'zh-CN' ? 'zh-CN' : 'en-GB');
const missing = (value) => value === null || value === undefined || Number.isNaN(value);

export const int = (value) => (missing(value) ? '–' : new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(value));

export const num = (value, digits = 1) => (missing(value) ? '–' : new Intl.NumberFormat(locale(), { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value));

/** Money as the API keeps it (two decimals at most), without a currency sign: the API does not name one. */
export const amount = (value) => num(value, 2);

/** Where shortening starts (see the rule above). */
const SHORT_FROM = 10_000;

/** Large amounts shortened for KPI cards, axes and labels (12K, 1.2万); smaller ones in full. */
export const compact = (value) => {
  if (missing(value)) return '–';
  if (Math.abs(value) < SHORT_FROM) return num(value, 2);
  // British English would write 15.4m and 2bn: K, M and B read better on a dashboard.
  return new Intl.NumberFormat(lang() === 'zh-CN' ? 'zh-CN' : 'en', { notation: 'compact', maximumFractionDigits: 1, useGrouping: true }).format(value);
};

/** A share 0–1 as a percentage. */
export const pct = (value, digits = 1) => (missing(value) ? '–' : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: digits }).format(value));

const NO_BREAK_SPACE = '\u00a0';
const WORD_JOINER = '\u2060';

/**
 * A figure and its unit that never break apart, nor inside the unit: a line may break between any
 * two Chinese characters, so 小时 or 条线索 are held together with word joiners.
 */
export const withUnit = (figure, unit) => (unit ? `${figure}${NO_BREAK_SPACE}${[...unit].join(WORD_JOINER)}` : figure);

/** The unit for a figure in the current language, singular or plural as the figure is shown ("day" for 1, "days" for 1.5, "天"). */
export const unit = (value, unitKey, digits = 1) => tn(unitKey, value, {}, digits);

/** A figure with its unit ("1 day", "1.5 days", "3 天", "62.7 小时"). */
export const quantity = (value, unitKey, digits = 1) => (missing(value) ? '–' : withUnit(num(value, digits), unit(value, unitKey, digits)));

export const date = (iso) => (iso ? new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(iso)) : '–');

export const dateTime = (iso) =>
  iso ? new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(new Date(iso)) : '–';

/** `YYYY-MM-DD` of a Date, in UTC (the API's days are UTC days). */
export const isoDay = (at) => at.toISOString().slice(0, 10);

export const addDays = (day, days) => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));

export const today = () => isoDay(new Date());

export const hours = (minutes) => (minutes === null || minutes === undefined ? null : minutes / 60);
