import { formatDuration, Progress, renderProgress } from './progress';

const stream = (isTTY: boolean, columns?: number) => {
  const written: string[] = [];
  return { written, isTTY, columns, write: (text: string) => written.push(text) };
};

describe('renderProgress', () => {
  it('shows a bar, done of total, rate and time left when the total is known', () => {
    expect(renderProgress({ label: 'rebuild', unit: 'events', done: 2_500, total: 10_000, elapsedMs: 2_000 })).toBe(
      'rebuild  [######..................]  2,500/10,000 events  1,250/s  0:06 left',
    );
  });

  it('shows a percentage when only the share done is known, and the detail at the end', () => {
    expect(renderProgress({ label: 'seed-demo', unit: 'events', done: 900, fraction: 0.25, elapsedMs: 3_000, leftMs: 65_000, detail: 'at 2026-03-01' })).toBe(
      'seed-demo  900 events  300/s  25%  1:05 left  at 2026-03-01',
    );
  });

  it('says done at the end and does not guess before anything is done', () => {
    expect(renderProgress({ label: 'x', unit: 'events', done: 5, total: 5, elapsedMs: 10 })).toContain('done');
    expect(renderProgress({ label: 'x', unit: 'events', done: 0, total: 5, elapsedMs: 0 })).toContain('0/s  --:-- left');
  });

  it('formats durations as m:ss or h:mm:ss', () => {
    expect(formatDuration(59_400)).toBe('0:59');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });
});

describe('Progress', () => {
  it('prints nothing at all when stderr is not a terminal', () => {
    const out = stream(false);
    const progress = new Progress(out, 'seed-demo', 'events');
    progress.update({ done: 10, fraction: 0.5 }, true);
    progress.finish();
    expect(out.written).toEqual([]);
  });

  it('redraws one line in place at most every interval, and clears it when finished', () => {
    let now = 0;
    const out = stream(true);
    const progress = new Progress(out, 'rebuild', 'events', () => now, 100);
    progress.update({ done: 0, total: 100 });
    now = 50;
    progress.update({ done: 10, total: 100 });
    now = 1_000;
    progress.update({ done: 50, total: 100 });
    expect(out.written).toHaveLength(2);
    expect(out.written.every((line) => line.startsWith('\r') && line.endsWith('\x1b[K'))).toBe(true);
    // Half done in one second at a steady pace: one second left.
    expect(out.written[1]).toContain('50/100 events  50/s  0:01 left');
    progress.finish();
    expect(out.written[2]).toBe('\r\x1b[K');
  });

  it('estimates time left from the recent pace, not the average since the start', () => {
    let now = 0;
    const out = stream(true);
    const progress = new Progress(out, 'seed-demo', 'events', () => now, 0);
    progress.update({ done: 0, fraction: 0 });
    now = 10_000;
    progress.update({ done: 100, fraction: 0.5 });
    // It slows down: 5% in the last 10 s leaves 90 s for the remaining 45% (the average would say 16 s).
    now = 20_000;
    progress.update({ done: 150, fraction: 0.55 });
    expect(out.written[2]).toContain('55%  1:30 left');
  });

  it('cuts the line to the terminal width', () => {
    const out = stream(true, 30);
    new Progress(out, 'seed-demo', 'events', () => 0).update({ done: 123_456, fraction: 0.5, detail: 'at 2026-03-01' });
    expect(out.written[0]).toBe(`\r${'seed-demo  123,456 events  0/s  50%'.slice(0, 29)}\x1b[K`);
  });
});
