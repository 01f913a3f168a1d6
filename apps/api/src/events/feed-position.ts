import { ApiProblem } from '../shared/http/api-problem';

/** A log position as a client sends it back (`after`, `Last-Event-ID`): a non-negative integer. */
export const POSITION_PATTERN = /^\d{1,15}$/;

/** `Last-Event-ID` wins over `?after=`: a reconnecting EventSource sends the header and keeps its first URL. */
export const resumePosition = (lastEventId: string | undefined, after: number | undefined): number => {
  const header = lastEventId?.trim();
  if (header) {
    if (!POSITION_PATTERN.test(header)) throw ApiProblem.badRequest('Last-Event-ID must be the id of an event of this stream (a log position)', [{ field: 'Last-Event-ID', messages: ['must be a non-negative integer'] }]);
    return Number(header);
  }
  return after ?? 0;
};
