import { NO_ACTIVITIES, activityProjection } from './activity.projection';
import { pipelineProjection } from '../pipeline/pipeline.projection';
import { project } from '@app/projection-engine';
import { recordLog } from '../testing/event-log';
import { activityLogged, consentWithdrawn, leadCaptured, onLead, stageAdvanced } from '../testing/lead-events';
import { activityReport } from './activity.report';

// Wednesday 13 March 2024, 10:00 UTC (ISO week 2024-W11 began on Monday the 11th).
const NOW = '2024-03-13T10:00:00.000Z';
const at = (day: string, time: string) => `2024-03-${day}T${time}:00.000Z`;

const log = recordLog([
  onLead(leadCaptured('lead-1', at('01', '09:00'), { name: 'Zhao Min' })),
  onLead(activityLogged('lead-1', 'act-1', 'call', at('11', '09:00'), at('13', '15:00'))),
  onLead(leadCaptured('lead-2', at('02', '09:00'), { name: 'Qian Lu' })),
  onLead(activityLogged('lead-2', 'act-2', 'visit', at('11', '14:00'), at('12', '09:00'))),
  onLead(leadCaptured('lead-3', at('03', '09:00'), { name: 'Sun Hao', ownerId: 'rep-li' })),
  onLead(activityLogged('lead-3', 'act-3', 'call', at('04', '10:00'), at('05', '10:00')), 'rep-li'),
  // Never touched since capture twelve days ago.
  onLead(leadCaptured('lead-4', at('01', '09:00'), { name: 'Li Na', ownerId: 'rep-li' })),
  onLead(leadCaptured('lead-5', at('12', '08:00'), { name: 'Zhou Yi' })),
  onLead(activityLogged('lead-5', 'act-5', 'demo', at('12', '10:00'))),
  // Won: its old follow-up is nobody's task any more.
  onLead(leadCaptured('lead-6', at('01', '09:00'), { name: 'Wu Fang' })),
  onLead(activityLogged('lead-6', 'act-6', 'call', at('04', '11:00'), at('06', '09:00'))),
  onLead(stageAdvanced('lead-6', 'D', 'won', at('08', '09:00'), { wonAmount: 12_000 })),
  onLead(leadCaptured('lead-7', at('05', '09:00'), { name: 'Zheng Kai' })),
  onLead(activityLogged('lead-7', 'act-7', 'email', at('11', '16:00'), at('14', '09:00'))),
]);

const activity = [...project(activityProjection, log).values()];
const leads = [...project(pipelineProjection, log).values()];

describe('activity report', () => {
  const report = activityReport(activity, leads, { now: NOW });

  it('counts activities per rep per day and per ISO week, by type', () => {
    expect(report.perRepDay.map((day) => [day.repId, day.day, day.week, day.total])).toEqual([
      ['rep-li', '2024-03-04', '2024-W10', 1],
      ['rep-wang', '2024-03-04', '2024-W10', 1],
      ['rep-wang', '2024-03-11', '2024-W11', 3],
      ['rep-wang', '2024-03-12', '2024-W11', 1],
    ]);
    expect(report.perRepWeek).toEqual([
      { repId: 'rep-li', week: '2024-W10', counts: { ...NO_ACTIVITIES, call: 1 }, total: 1, activeDays: 1 },
      { repId: 'rep-wang', week: '2024-W10', counts: { ...NO_ACTIVITIES, call: 1 }, total: 1, activeDays: 1 },
      { repId: 'rep-wang', week: '2024-W11', counts: { ...NO_ACTIVITIES, call: 1, visit: 1, email: 1, demo: 1 }, total: 4, activeDays: 2 },
    ]);
  });

  it('lists follow-ups due later today and overdue ones, of open leads only', () => {
    expect(report.followUpsDueToday).toEqual([{ leadId: 'lead-1', name: 'Zhao Min', ownerId: 'rep-wang', stage: 'D', nextFollowUpAt: at('13', '15:00') }]);
    expect(report.followUpsOverdue.map((followUp) => [followUp.leadId, followUp.nextFollowUpAt])).toEqual([
      ['lead-3', at('05', '10:00')],
      ['lead-2', at('12', '09:00')],
    ]);
  });

  it('lists open leads nobody touched for more than N days, by their last activity or else their capture', () => {
    expect(report.idleAfterDays).toBe(7);
    expect(report.idleLeads).toEqual([
      { leadId: 'lead-4', name: 'Li Na', ownerId: 'rep-li', stage: 'D', lastTouchAt: at('01', '09:00'), idleDays: 12.04 },
      { leadId: 'lead-3', name: 'Sun Hao', ownerId: 'rep-li', stage: 'D', lastTouchAt: at('04', '10:00'), idleDays: 9 },
    ]);
    expect(activityReport(activity, leads, { now: NOW, idleDays: 10 }).idleLeads.map((lead) => lead.leadId)).toEqual(['lead-4']);
  });

  it('narrows to one rep and a range of days', () => {
    const li = activityReport(activity, leads, { now: NOW, repId: 'rep-li' });
    expect(li.perRepDay.map((day) => day.repId)).toEqual(['rep-li']);
    expect(li.followUpsOverdue.map((followUp) => followUp.leadId)).toEqual(['lead-3']);
    expect(li.followUpsDueToday).toEqual([]);
    const thisWeek = activityReport(activity, leads, { now: NOW, fromDay: '2024-03-11', toDay: '2024-03-17' });
    expect(thisWeek.perRepWeek.map((week) => [week.repId, week.week, week.total])).toEqual([['rep-wang', '2024-W11', 4]]);
  });

  it('leaves out of follow-ups and idle leads a lead whose marketing consent was withdrawn, still counting its activities', () => {
    const withdrawn = recordLog([
      ...log.map(({ streamId, type, version, data, metadata }) => ({ streamId, event: { type, version, data }, actor: metadata.actor })),
      onLead(consentWithdrawn('lead-3', ['marketing'], ['sales_contact'], at('06', '09:00'))),
    ]);
    const queued = activityReport([...project(activityProjection, withdrawn).values()], [...project(pipelineProjection, withdrawn).values()], { now: NOW });
    expect(queued.followUpsOverdue.map((followUp) => followUp.leadId)).toEqual(['lead-2']);
    expect(queued.idleLeads.map((lead) => lead.leadId)).toEqual(['lead-4']);
    expect(queued.followUpsDueToday).toEqual(report.followUpsDueToday);
    expect(queued.perRepWeek).toEqual(report.perRepWeek);
  });
});
