import { recordLog } from '../testing/event-log';
import { leadCaptured, onLead } from '../testing/lead-events';
import { businessTime, searchTextOf } from './read-model.helpers';

describe('read-model helpers', () => {
  it('takes business time from the event data, not from when it was recorded', () => {
    const [event] = recordLog([onLead(leadCaptured('lead-1', '2023-11-05T02:00:00.000Z'))]);
    expect(event.metadata.recordedAt).not.toBe('2023-11-05T02:00:00.000Z');
    expect(businessTime(event)).toBe('2023-11-05T02:00:00.000Z');
    expect(businessTime({ ...event, data: {} })).toBe(event.metadata.occurredAt);
  });

  it('search text is the name and legal name in lower case, blanks left out', () => {
    expect(searchTextOf('Huaxin Printing', 'Shanghai Huaxin Printing Co., Ltd.')).toBe('huaxin printing shanghai huaxin printing co., ltd.');
    expect(searchTextOf('Li Wei', '  ')).toBe('li wei');
    expect(searchTextOf('Li Wei', null)).toBe('li wei');
  });
});
