import { CliError } from '../cli-command';
import { seedDemoWindow } from './seed-demo.command';

const NOW = new Date('2026-11-23T06:30:00.000Z');

describe('seedDemoWindow', () => {
  it('runs from 2026-01-01 until now by default', () => {
    expect(seedDemoWindow(undefined, undefined, NOW)).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2026-11-23T06:30:00.000Z' });
  });

  it('reads --to as a whole day, and never reaches past now', () => {
    expect(seedDemoWindow('2026-02-01', '2026-03-31', NOW).to).toBe('2026-04-01T00:00:00.000Z');
    expect(seedDemoWindow('2026-02-01', '2026-11-23', NOW).to).toBe(NOW.toISOString());
    expect(seedDemoWindow('2026-02-01', '2027-01-01T00:00:00Z', NOW).to).toBe(NOW.toISOString());
    expect(seedDemoWindow('2026-02-01T08:00:00Z', '2026-02-01T09:00:00Z', NOW)).toEqual({ from: '2026-02-01T08:00:00.000Z', to: '2026-02-01T09:00:00.000Z' });
  });

  it('refuses dates it cannot read and a period that ends before it starts, as usage errors', () => {
    const refusal = (from?: string, to?: string) => {
      try {
        seedDemoWindow(from, to, NOW);
      } catch (error) {
        return error as CliError;
      }
      throw new Error('expected a refusal');
    };
    expect(refusal('soon').message).toContain('--from must be a date');
    expect(refusal(undefined, '31/03/2026').message).toContain('--to must be a date');
    expect(refusal('2026-12-01').exitCode).toBe(2);
    expect(refusal('2026-05-01', '2026-04-01').message).toContain('must lie before --to');
  });
});
