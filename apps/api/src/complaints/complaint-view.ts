import { ComplaintDoc } from '@app/read-models';

export type ComplaintView = Omit<ComplaintDoc, '_id' | '_position'> & { readonly position: number };

export const toComplaintView = ({ _id, _position, ...complaint }: ComplaintDoc): ComplaintView => ({ ...complaint, position: _position });
