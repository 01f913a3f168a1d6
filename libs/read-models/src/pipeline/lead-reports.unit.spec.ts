import fc from 'fast-check';
import { LeadEvent, OpenLeadStage } from '@app/domain/lead';
import { DocumentWrite } from '@app/read-store';
import { applyOnce, DocumentMirror } from '@app/projection-engine';
import { PipelineDoc, pipelineProjection } from './pipeline.projection';
import { recordLog } from '../testing/event-log';
import { activityLogged, leadCaptured, leadReassigned, leadReopened, onLead, pipelineDocs, stageAdvanced } from '../testing/lead-events';
import { forecastReport, StageRates } from './forecast.report';
import { funnelReport } from './funnel.report';
import { LeadGrouping } from './lead-history';
import { LeadReports, leadReportsOf, LeadScope } from './lead-reports';

const LEADS = ['L0', 'L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L8'];
const OWNERS = ['rep-a', 'rep-b', 'rep-c'];
const TEAMS = ['team-n', 'team-s'];
const SOURCES = ['web', 'referral', 'trade_show'] as const;
const PRODUCTS = ['copier', 'printer', 'toner'];
const GROUPINGS: readonly (LeadGrouping | undefined)[] = [undefined, 'owner', 'team', 'source', 'product', 'month'];
const SCOPES: readonly LeadScope[] = [undefined, ...OWNERS.map((ownerId) => ({ ownerId })), { ownerId: 'rep-nobody' }, ...TEAMS.map((teamId) => ({ teamId })), { none: true }];

const START = Date.parse('2024-01-01T00:00:00.000Z');
/** Business times over four months, to the millisecond, so spans are not whole days. */
const time = fc.integer({ min: 0, max: 120 * 86_400_000 }).map((offset) => new Date(START + offset).toISOString());

type Change =
  | { kind: 'capture'; lead: number; at: string; owner: number; team: number; source: number; products: number[]; amount: number | null }
  | { kind: 'move'; lead: number; to: 'D' | 'C' | 'B' | 'A' | 'won' | 'lost'; at: string; amount: number | null }
  | { kind: 'reassign'; lead: number; owner: number; team: number; at: string }
  | { kind: 'activity'; lead: number; at: string }
  | { kind: 'delete'; lead: number };

const lead = fc.integer({ min: 0, max: LEADS.length - 1 });
const amount = fc.option(fc.integer({ min: 0, max: 2_000_000 }).map((cents) => cents / 100), { nil: null });
const change: fc.Arbitrary<Change> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('capture' as const), lead, at: time, owner: fc.nat(OWNERS.length - 1), team: fc.nat(TEAMS.length - 1), source: fc.nat(SOURCES.length - 1), products: fc.array(fc.nat(PRODUCTS.length - 1), { maxLength: 3 }), amount }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('move' as const), lead, to: fc.constantFrom('D' as const, 'C' as const, 'B' as const, 'A' as const, 'won' as const, 'lost' as const), at: time, amount }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reassign' as const), lead, owner: fc.nat(OWNERS.length - 1), team: fc.nat(TEAMS.length - 1), at: time }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), lead }) },
  // A write the reports do not read (the document changes, its funnel facts do not).
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('activity' as const), lead, at: time }) },
);

/** The event a change stands for on the current document (null: nothing to record), as the lead decider would write it. */
const eventOf = (c: Change, doc: PipelineDoc | null): LeadEvent | null => {
  const leadId = LEADS[c.lead];
  if (c.kind === 'capture') {
    return leadCaptured(leadId, c.at, {
      ownerId: OWNERS[c.owner],
      teamId: TEAMS[c.team],
      source: SOURCES[c.source],
      productInterest: c.products.map((p) => PRODUCTS[p]),
      ...(c.amount !== null && { expectedAmount: c.amount }),
    });
  }
  if (!doc || c.kind === 'delete') return null;
  if (c.kind === 'activity') return activityLogged(leadId, `act-${c.at}`, 'call', c.at);
  if (c.kind === 'reassign') return leadReassigned(leadId, doc.ownerId, OWNERS[c.owner], c.at, [doc.teamId, TEAMS[c.team]]);
  const closed = !doc.open;
  if (doc.stage === c.to) return null;
  if (closed) return c.to === 'won' || c.to === 'lost' ? null : leadReopened(leadId, doc.stage as 'won' | 'lost', c.to, c.at);
  const extra = c.to === 'won' ? { wonAmount: c.amount ?? 100 } : c.to === 'lost' ? { lostReason: 'budget' } : c.amount !== null ? { expectedAmount: c.amount } : {};
  return stageAdvanced(leadId, doc.stage as OpenLeadStage, c.to, c.at, extra);
};

/** Who the scope's reports count, as the API's access rule says it. */
const inScope = (scope: LeadScope, doc: PipelineDoc): boolean =>
  scope === undefined ? true : 'ownerId' in scope ? doc.ownerId === scope.ownerId : 'teamId' in scope ? doc.teamId === scope.teamId : false;

const source = async function* (docs: readonly PipelineDoc[]) {
  yield* docs;
};

describe('lead reports kept as the pipeline changes', () => {
  it('answer the funnel and the forecast exactly as computed in full, for every grouping and scope, after any changes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(change, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }),
        fc.nat(12),
        fc.integer({ min: 60, max: 130 }),
        fc.record({ D: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }), A: fc.option(fc.constantFrom(0, 0.25, 1), { nil: undefined }) }),
        async (batches, buildAfter, nowDay, rates) => {
          const mirror = new DocumentMirror<PipelineDoc>({
            onIndexError: (error) => {
              throw error;
            },
          });
          await mirror.load(source([]));
          const current = new Map<string, PipelineDoc>();
          let position = 0;
          let kept: LeadReports | undefined;
          const now = new Date(START + nowDay * 86_400_000 + 12_345).toISOString();
          const configuredRates: StageRates = Object.fromEntries(Object.entries(rates).filter(([, rate]) => rate !== undefined));
          /** The kept answers against the full computation, for one scope and grouping. */
          const check = (scope: LeadScope, groupBy: LeadGrouping | undefined) => {
            const docs = mirror.all();
            const leads = docs.filter((doc) => inScope(scope, doc));
            expect(kept!.funnel(scope, { groupBy, now })).toEqual(funnelReport(leads, { groupBy, now }));
            const forecast = kept!.forecast(scope, { groupBy, configuredRates, now });
            // Refused only when some stage entry lies after now (the forecast, made as of now, leaves it out).
            expect(forecast === undefined).toBe(docs.some((doc) => doc.stageHistory.some((entry) => entry.at > now)));
            if (forecast) expect(forecast).toEqual(forecastReport(leads, { groupBy, configuredRates, now }));
          };
          for (const [index, batch] of batches.entries()) {
            // The index is built from whatever the mirror holds when first asked, then follows it.
            if (index === buildAfter) kept = mirror.indexed(leadReportsOf);
            const writes: DocumentWrite[] = [];
            for (const c of batch) {
              const id = LEADS[c.lead];
              const before = current.get(id) ?? null;
              let after: PipelineDoc | null;
              if (c.kind === 'delete') after = null;
              else {
                const event = eventOf(c, before);
                if (!event) continue;
                const [recorded] = recordLog([onLead(event)], ++position);
                after = applyOnce(pipelineProjection, before, recorded, id);
              }
              if (after) current.set(id, after);
              else current.delete(id);
              // One batch may write the same lead more than once.
              writes.push({ collection: 'pipeline', id, doc: after });
            }
            mirror.apply(writes);
            // Asked between batches too: what an answer left behind (lists priced, samples listed) must follow later changes.
            if (kept) check(SCOPES[index % SCOPES.length], GROUPINGS[index % GROUPINGS.length]);
          }
          kept ??= mirror.indexed(leadReportsOf)!;
          for (const scope of SCOPES) for (const groupBy of GROUPINGS) check(scope, groupBy);
        },
      ),
      { seed: 20261123, numRuns: 100 },
    );
  });

  it('counts a lead that moves stage, owner and amount once, where it is now, and frees the groups it left', () => {
    const [captured] = pipelineDocs({ leadId: 'M1', capturedAt: '2024-01-02T00:00:00.000Z', capture: { ownerId: 'rep-a', teamId: 'team-n', expectedAmount: 1000 } });
    const kept = new LeadReports([captured]);
    const [moved] = pipelineDocs({
      leadId: 'M1',
      capturedAt: '2024-01-02T00:00:00.000Z',
      capture: { ownerId: 'rep-b', teamId: 'team-s', expectedAmount: 1000 },
      moves: [['C', '2024-01-12T00:00:00.000Z']],
    });
    kept.change(captured, moved);
    const now = '2024-02-01T00:00:00.000Z';
    const funnel = kept.funnel(undefined, { groupBy: 'owner', now });
    expect(funnel.groups.map((group) => [group.key, group.leads, group.stages.C])).toEqual([['rep-b', 1, 1]]);
    expect(funnel.total.meanDaysInStage).toEqual({ D: 10, C: 20, B: null, A: null });
    expect(kept.funnel({ ownerId: 'rep-a' }, { now }).total.leads).toBe(0);
    expect(kept.forecast({ teamId: 'team-s' }, { now })!.total.basis.stages[1].basis.leads).toEqual([{ leadId: 'M1', amount: 1000, contribution: null }]);
    kept.change(moved, null);
    expect(kept.funnel(undefined, { groupBy: 'owner', now })).toEqual(funnelReport([], { groupBy: 'owner', now }));
    expect(kept.forecast(undefined, { now })).toEqual(forecastReport([], { now }));
  });

  it('leaves the forecast to the full computation while a stage entry lies after now', () => {
    const kept = new LeadReports(pipelineDocs({ leadId: 'F1', capturedAt: '2024-03-01T00:00:00.000Z', moves: [['C', '2024-05-01T00:00:00.000Z']] }));
    expect(kept.forecast(undefined, { now: '2024-04-01T00:00:00.000Z' })).toBeUndefined();
    expect(kept.forecast(undefined, { now: '2024-05-01T00:00:00.000Z' })!.total.leads).toBe(1);
  });
});
