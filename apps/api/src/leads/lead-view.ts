import { daysBetween, PipelineDoc, round } from '@app/read-models';

export type LeadView = Omit<PipelineDoc, '_id' | '_position' | 'searchText'> & { readonly daysInStage: number | null; readonly position: number };

/** A pipeline document as the API shows it: without storage fields, with the days spent in the current (open) stage. */
export const toLeadView = ({ _id, _position, searchText: _search, ...lead }: PipelineDoc, now: string): LeadView => ({
  ...lead,
  daysInStage: lead.open ? (round(Math.max(0, daysBetween(lead.stageEnteredAt, now)), 1) ?? 0) : null,
  position: _position,
});
