import { JsonLogger, prettyLine, requestScope } from './logger';

describe('JsonLogger', () => {
  const capture = (run: () => void): { out: string[]; err: string[] } => {
    const out: string[] = [];
    const err: string[] = [];
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string) => out.push(chunk) > 0) as typeof process.stdout.write);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(((chunk: string) => err.push(chunk) > 0) as typeof process.stderr.write);
    try {
      run();
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    return { out, err };
  };

  it('writes one JSON object per line, with the ids and actor of the request in scope; errors on stderr', () => {
    const logger = new JsonLogger('log', false);
    const request = { id: 'req-1', headers: { 'x-correlation-id': 'corr-1' }, principal: { id: 'rep-1' } };
    const { out, err } = capture(() =>
      requestScope.run(request as never, () => {
        logger.log('lead captured', 'Leads');
        logger.error('store down', 'Error: x\n    at y (z.ts:1:1)', 'Store');
      }),
    );
    expect(JSON.parse(out[0])).toMatchObject({ level: 30, context: 'Leads', msg: 'lead captured', requestId: 'req-1', correlationId: 'corr-1', actor: 'rep-1' });
    expect(out).toHaveLength(1);
    expect(JSON.parse(err[0])).toMatchObject({ level: 50, context: 'Store', msg: 'store down', stack: 'Error: x\n    at y (z.ts:1:1)' });
  });

  it('keeps LOG_LEVEL: the route table is detail (debug), shown only at debug', () => {
    expect(capture(() => new JsonLogger('log', false).log('Mapped {/leads, POST} route', 'RouterExplorer')).out).toEqual([]);
    expect(JSON.parse(capture(() => new JsonLogger('debug', false).log('Mapped {/leads, POST} route', 'RouterExplorer')).out[0])).toMatchObject({ level: 20, context: 'RouterExplorer' });
    expect(capture(() => new JsonLogger('error', false).warn('slow')).out).toEqual([]);
  });

  it('prints lines for people in a terminal', () => {
    expect(prettyLine(JSON.stringify({ level: 40, time: Date.parse('2026-01-02T03:04:05.678Z'), context: 'Projections', msg: 'retrying', projection: 'pipeline' }))).toBe(
      '03:04:05.678 WARN  [Projections] retrying  projection=pipeline\n',
    );
  });
});
