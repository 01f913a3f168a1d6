// Numbers, shares and dates in the current language.
import { lang } from './i18n.js';

const locale = () => (lang() === 'zh-CN' ? 'zh-CN' : 'en-GB');

export const int = (value) => (value === null || value === undefined ? '–' : new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(value));

export const num = (value, digits = 1) =>
  value === null || value === undefined ? '–' : new Intl.NumberFormat(locale(), { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);

/** Money as the API keeps it (two decimals at most), without a currency sign: the API does not name one. */
export const amount = (value) =>
  value === null || value === undefined ? '–' : new Intl.NumberFormat(locale(), { maximumFractionDigits: 2, minimumFractionDigits: 0 }).format(value);

/** Large amounts shortened for KPI cards and axes (1.2M, 120万). */
export const compact = (value) =>
  value === null || value === undefined ? '–' : new Intl.NumberFormat(locale(), { notation: 'compact', maximumFractionDigits: 1 }).format(value);

/** A share 0–1 as a percentage. */
export const pct = (value, digits = 1) =>
  value === null || value === undefined ? '–' : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: digits }).format(value);

export const date = (iso) => (iso ? new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(iso)) : '–');

export const dateTime = (iso) =>
  iso ? new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(new Date(iso)) : '–';

/** `YYYY-MM-DD` of a Date, in UTC (the API's days are UTC days). */
export const isoDay = (at) => at.toISOString().slice(0, 10);

export const addDays = (day, days) => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));

export const today = () => isoDay(new Date());

export const hours = (minutes) => (minutes === null || minutes === undefined ? null : minutes / 60);
