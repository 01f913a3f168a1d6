import { formatDuration, Progress, renderProgress, shareDone } from './progress';

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

  it('says done only at the end and does not guess before anything is done', () => {
    expect(renderProgress({ label: 'x', unit: 'events', done: 5, total: 5, elapsedMs: 10, final: true })).toBe('x  [########################]  5/5 events  500/s  done');
    expect(renderProgress({ label: 'x', unit: 'events', done: 5, total: 5, elapsedMs: 10 })).not.toContain('done');
    expect(renderProgress({ label: 'x', unit: 'events', done: 0, total: 5, elapsedMs: 0 })).toContain('0/s  --:-- left');
  });

  it('never shows 100% before the final snapshot, whatever the count or the share says', () => {
    // The import of 8,800 rows whose file had been read ahead: a share of bytes read said 100% at row 6,355.
    const early = renderProgress({ label: 'import', unit: 'rows', done: 6_355, fraction: 1, elapsedMs: 10_000 });
    expect(early).toBe('import  6,355 rows  636/s  99%  --:-- left');
    // The last rows still in flight: counted, not done.
    expect(renderProgress({ label: 'import', unit: 'rows', done: 8_799, total: 8_800, elapsedMs: 10_000 })).toMatch(/\[#{23}\.\]  8,799\/8,800 rows .* left$/);
    // A total that turns out short is corrected upwards by the count, never shown as passed.
    const short = renderProgress({ label: 'import', unit: 'rows', done: 9_000, total: 8_800, elapsedMs: 10_000 });
    expect(short).toContain('9,000/9,000 rows');
    expect(short).not.toContain('done');
    expect(renderProgress({ label: 'import', unit: 'rows', done: 8_800, total: 8_800, elapsedMs: 10_000, final: true })).toContain('8,800/8,800 rows  880/s  done');
  });

  it('formats durations as m:ss or h:mm:ss', () => {
    expect(formatDuration(59_400)).toBe('0:59');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });
});

describe('shareDone', () => {
  it('is the count over the total, or the share given, held below 1 until the final snapshot', () => {
    expect(shareDone({ done: 2_200, total: 8_800 })).toBe(0.25);
    expect(shareDone({ done: 10, fraction: 0.4 })).toBe(0.4);
    expect(shareDone({ done: 8_800, total: 8_800 })).toBeLessThan(1);
    expect(shareDone({ done: 9_000, total: 8_800 })).toBeLessThan(1);
    expect(shareDone({ done: 10, fraction: 1.2 })).toBeLessThan(1);
    expect(shareDone({ done: 8_800, total: 8_800, final: true })).toBe(1);
    expect(shareDone({ done: 0, total: 0 })).toBe(0);
    expect(shareDone({ done: 10 })).toBeUndefined();
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
