/**
 * Win rate by month of capture: of the leads captured in each month, how many are won, lost and
 * still open, and the win rate won / (won + lost), as the leads stand at the end of the replay.
 *
 * Run it with the admin CLI (it reads DATA_DIR like the API; no build step, the .ts is transpiled):
 *
 *   npm run cli -- replay examples/win-rate-by-capture-month.ts --purpose 'sales analysis' --format csv
 *   npm run cli -- replay examples/win-rate-by-capture-month.ts --purpose 'sales analysis' --to 2026-06-30 --out win-rate.json
 *
 * Months are UTC months of the capture's business time (metadata.occurredAt). With --from, leads
 * captured before it are not known, and their later moves are left out.
 */

/** The part of an event this projection reads (it is given the whole event, as `export` writes it). */
interface LeadEvent {
  readonly type: string;
  readonly streamId: string;
  readonly data: { readonly to?: string };
  readonly metadata: { readonly occurredAt: string };
}

type Outcome = 'open' | 'won' | 'lost';

interface State {
  /** Per lead stream: month of capture and where the lead stands now. */
  readonly leads: Record<string, { readonly month: string; outcome: Outcome }>;
}

export interface WinRateRow {
  readonly month: string;
  readonly captured: number;
  readonly won: number;
  readonly lost: number;
  readonly open: number;
  /** won / (won + lost), rounded to 4 places; null while none of the month's leads is closed. */
  readonly winRate: number | null;
}

/** Only these event types are read from the log. */
export const types = ['LeadCaptured', 'LeadStageAdvanced', 'LeadReopened'];

export const initialState: State = { leads: {} };

/** The state is this run's own copy, so it is updated in place: a long replay stays linear. */
export const evolve = (state: State, event: LeadEvent): State => {
  const lead = state.leads[event.streamId];
  if (event.type === 'LeadCaptured') state.leads[event.streamId] = { month: event.metadata.occurredAt.slice(0, 7), outcome: 'open' };
  else if (lead && event.type === 'LeadStageAdvanced') lead.outcome = event.data.to === 'won' || event.data.to === 'lost' ? event.data.to : 'open';
  else if (lead && event.type === 'LeadReopened') lead.outcome = 'open';
  return state;
};

/** One row per month of capture, oldest first. */
export const result = (state: State): WinRateRow[] => {
  const months = new Map<string, { captured: number; won: number; lost: number; open: number }>();
  for (const { month, outcome } of Object.values(state.leads)) {
    const row = months.get(month) ?? { captured: 0, won: 0, lost: 0, open: 0 };
    row.captured++;
    row[outcome]++;
    months.set(month, row);
  }
  return [...months.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, row]) => ({ month, ...row, winRate: row.won + row.lost > 0 ? Math.round((row.won / (row.won + row.lost)) * 10_000) / 10_000 : null }));
};
