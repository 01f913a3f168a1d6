import { fmt } from './stats';

/** One row of the table: our figure against the baseline measured in the same run. */
export interface Figure {
  readonly figure: string;
  readonly ours: string;
  readonly baseline: string;
  /** ours / baseline, said the way the target is said (a share of the baseline's throughput, or a multiple of its latency). */
  readonly ratio: string;
  readonly target: string;
  readonly met: boolean | null;
  /** Extra facts printed under the table (sizes, p99, memory). */
  readonly notes?: readonly string[];
}

/** Throughput figure: ours must reach at least `minShare` of the baseline. */
export const throughputFigure = (figure: string, unit: string, ours: number, baseline: number, minShare: number, notes?: string[]): Figure => {
  const share = ours / baseline;
  return {
    figure,
    ours: `${fmt(ours)} ${unit}`,
    baseline: `${fmt(baseline)} ${unit}`,
    ratio: `${fmt(share * 100)}%`,
    target: `≥ ${fmt(minShare * 100)}%`,
    met: share >= minShare,
    notes,
  };
};

export const printTable = (figures: readonly Figure[], out: (line: string) => void): void => {
  const header = ['figure', 'ours', 'baseline', 'ratio', 'target', 'met'];
  const rows = figures.map((f) => [f.figure, f.ours, f.baseline, f.ratio, f.target, f.met === null ? 'n/a' : f.met ? 'met' : 'NOT MET']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  out(line(header));
  out(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) out(line(row));
  const notes = figures.flatMap((f) => (f.notes ?? []).map((n) => `- ${f.figure}: ${n}`));
  if (notes.length > 0) {
    out('');
    notes.forEach(out);
  }
};
