/** One stream per aggregate: `<category>-<id>` (`subject`: a data subject, see personal-data/). */
export type StreamCategory = 'lead' | 'customer' | 'complaint' | 'webhook' | 'apikey' | 'subject';

export const streamName = (category: StreamCategory, id: string): string => `${category}-${id}`;

export const parseStreamName = (streamId: string): { category: string; id: string } => {
  const dash = streamId.indexOf('-');
  return dash < 0 ? { category: streamId, id: '' } : { category: streamId.slice(0, dash), id: streamId.slice(dash + 1) };
};
