/**
 * Complaints per touchpoint (接触点: where the customer met the company) before and after a date,
 * e.g. a change in delivery or in the service desk: did complaints at that touchpoint go down?
 *
 * Run it with the admin CLI (it reads DATA_DIR like the API; no build step, the .ts is transpiled):
 *
 *   npm run cli -- replay examples/complaints-per-touchpoint-before-after.ts --purpose 'sales analysis' --format csv
 *   COMPLAINTS_CUTOFF=2026-06-01 npm run cli -- replay examples/complaints-per-touchpoint-before-after.ts --purpose 'sales analysis' --format csv
 *
 * The cut-off is COMPLAINTS_CUTOFF from the environment, else CUTOFF below: an ISO date (UTC midnight)
 * or date-time. A complaint counts by when it was logged (its business time, metadata.occurredAt):
 * "before" is earlier than the cut-off, "after" is at or after it. Use --from/--to to give both
 * periods the same length.
 */

export const CUTOFF = '2026-05-01';

const cutoffText = process.env.COMPLAINTS_CUTOFF?.trim() || CUTOFF;
const cutoff = Date.parse(cutoffText);
if (Number.isNaN(cutoff)) throw new Error(`COMPLAINTS_CUTOFF must be an ISO date or date-time, got "${cutoffText}"`);

/** The part of an event this projection reads (it is given the whole event, as `export` writes it). */
interface ComplaintLoggedEvent {
  readonly type: string;
  readonly data: { readonly touchpoint: string };
  readonly metadata: { readonly occurredAt: string };
}

type State = Record<string, { before: number; after: number }>;

export interface TouchpointRow {
  readonly touchpoint: string;
  readonly before: number;
  readonly after: number;
  /** after − before */
  readonly change: number;
}

export const types = ['ComplaintLogged'];

export const initialState: State = {};

/** The state is this run's own copy, so it is updated in place. */
export const evolve = (state: State, event: ComplaintLoggedEvent): State => {
  const counts = (state[event.data.touchpoint] ??= { before: 0, after: 0 });
  if (Date.parse(event.metadata.occurredAt) < cutoff) counts.before++;
  else counts.after++;
  return state;
};

/** One row per touchpoint, the most complained-about first. */
export const result = (state: State): TouchpointRow[] =>
  Object.entries(state)
    .map(([touchpoint, { before, after }]) => ({ touchpoint, before, after, change: after - before }))
    .sort((a, b) => b.before + b.after - (a.before + a.after) || a.touchpoint.localeCompare(b.touchpoint));
