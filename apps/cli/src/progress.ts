/**
 * One progress line on stderr, redrawn in place, for long admin commands. It draws only when stderr
 * is a terminal: piped or captured output gets nothing but the command's summary.
 */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressSnapshot {
  readonly label: string;
  readonly unit: string;
  readonly done: number;
  /** When the amount of work is known: a bar with `done / total`. */
  readonly total?: number;
  /** When only the share of work done is known (0–1): a percentage. */
  readonly fraction?: number;
  readonly elapsedMs: number;
  /** Time left, when known; otherwise estimated from the pace since the start. */
  readonly leftMs?: number;
  /** Anything else worth showing, at the end of the line. */
  readonly detail?: string;
  /** The work is over: only then is it shown as 100% and done. */
  readonly final?: boolean;
}

/** Below 1 until the work is over: a total or a share that is only an estimate may be reached early. */
const UNFINISHED_MAX = 0.999;

/**
 * The share of the work done, 0–1, or undefined when it cannot be told. Never 1 before the end: a
 * count that meets or passes its total (an estimate that was short, the last rows still in flight)
 * shows 99% until the final snapshot.
 */
export const shareDone = (p: Pick<ProgressSnapshot, 'done' | 'total' | 'fraction' | 'final'>): number | undefined => {
  if (p.final) return 1;
  const share = p.total !== undefined ? (p.total > 0 ? p.done / p.total : 0) : p.fraction;
  return share === undefined ? undefined : Math.max(0, Math.min(UNFINISHED_MAX, share));
};

const BAR_WIDTH = 24;
/** Time left is estimated from the pace over this recent span, so work that speeds up or slows down is followed. */
const PACE_WINDOW_MS = 5_000;
const count = new Intl.NumberFormat('en-US');

export const formatDuration = (ms: number): string => {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
};

/** The line for a snapshot: done (of total), rate, share done and time left when it can be estimated. */
export const renderProgress = (p: ProgressSnapshot): string => {
  const rate = p.elapsedMs > 0 ? (p.done * 1000) / p.elapsedMs : 0;
  const share = shareDone(p);
  const parts = [p.label];
  if (p.total !== undefined) {
    const filled = Math.floor((share ?? 0) * BAR_WIDTH);
    // A total passed before the end was an estimate: the count so far is the least it can be.
    const total = p.final ? p.done : Math.max(p.total, p.done);
    parts.push(`[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`, `${count.format(p.done)}/${count.format(total)} ${p.unit}`);
  } else {
    parts.push(`${count.format(p.done)} ${p.unit}`);
  }
  parts.push(`${count.format(Math.round(rate))}/s`);
  if (share !== undefined) {
    if (p.total === undefined) parts.push(`${Math.floor(share * 100)}%`);
    const left = p.leftMs ?? (share > 0 ? (p.elapsedMs * (1 - share)) / share : undefined);
    parts.push(p.final ? 'done' : left !== undefined && Number.isFinite(left) && share < UNFINISHED_MAX ? `${formatDuration(left)} left` : '--:-- left');
  }
  if (p.detail) parts.push(p.detail);
  return parts.join('  ');
};

export class Progress {
  private readonly startedAt: number;
  private lastDrawnAt = -Infinity;
  private drawn = false;
  private readonly pace: { at: number; share: number }[] = [];

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    private readonly unit: string,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = 100,
  ) {
    this.startedAt = now();
  }

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  get elapsedMs(): number {
    return this.now() - this.startedAt;
  }

  /** Redraws at most every `intervalMs` (pass `force` for the final state). */
  update(state: Omit<ProgressSnapshot, 'label' | 'unit' | 'elapsedMs'> & { readonly label?: string }, force = false): void {
    if (!this.enabled) return;
    const now = this.now();
    if (!force && now - this.lastDrawnAt < this.intervalMs) return;
    this.lastDrawnAt = now;
    const line = renderProgress({ label: this.label, unit: this.unit, ...state, elapsedMs: now - this.startedAt, leftMs: this.timeLeft(now, state) });
    const width = this.stream.columns ?? 0;
    this.stream.write(`\r${width > 1 ? line.slice(0, width - 1) : line}\x1b[K`);
    this.drawn = true;
  }

  /** From the share done now and a few seconds ago; undefined while there is no pace to go by. */
  private timeLeft(now: number, state: Pick<ProgressSnapshot, 'done' | 'total' | 'fraction' | 'final'>): number | undefined {
    const share = shareDone(state);
    if (share === undefined) return undefined;
    this.pace.push({ at: now, share });
    while (this.pace.length > 2 && now - this.pace[1].at >= PACE_WINDOW_MS) this.pace.shift();
    const [first] = this.pace;
    const rate = now > first.at ? (share - first.share) / (now - first.at) : 0;
    return rate > 0 ? (1 - share) / rate : undefined;
  }

  /** Clears the line, so that the summary that follows starts clean. */
  finish(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
