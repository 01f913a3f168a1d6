import { Injectable } from '@nestjs/common';
import { PersonalDataVault } from '@app/event-store';
import { Filter } from '@app/read-store';

/**
 * `q` of the lead and customer lists. A phone number or an e-mail address is matched exactly, by
 * keyed hash (HMAC) against the ones ever recorded for the lead or customer: no store holds a
 * plain-text index of phones or e-mails. Any other text is part of a name, matched in the read
 * model's `searchText` (names are shown by the same documents, and are scrubbed with them).
 */
@Injectable()
export class PersonSearch {
  constructor(private readonly personalData: PersonalDataVault) {}

  async filter(q: string | undefined): Promise<Filter> {
    if (!q) return {};
    const subjects = await this.personalData.subjectsWithContact(q);
    // A lead's and a customer's document id is their subject id.
    return subjects === undefined ? { searchText: { $contains: q.toLowerCase() } } : { _id: { $in: subjects.slice(0, MAX_MATCHES) } };
  }
}

/** Records sharing one phone or e-mail, at most (the filter language takes 1000 values). */
const MAX_MATCHES = 1000;
