// The messages the functions take from their queues, held to their JSON Schemas.
import { describe, expect, it } from 'vitest';
import { InvalidMessage, parseCrawlJob, parseFindingsMessage } from '../../functions/queue-messages.ts';
import { crawlJobs } from '../../shared/crawl/plan.ts';
import { ScanError } from '../../shared/errors.ts';
import { documentReference, findingsMessage } from '../../shared/findings-message.ts';
import { unscannable } from '../../shared/scan.ts';
import { withCheckDigit } from '../helpers.ts';

const ID = withCheckDigit('310140012345');

describe('queue messages', () => {
  it('takes the findings of a document that crashed its reader, as the scan function reports it', () => {
    const message = findingsMessage(
      documentReference({ bucket: 'ingest', key: 'uploads/unit-1/scan.png' }),
      unscannable('uploads/unit-1/scan.png', new ScanError('crashed', 'the reader died')),
      new Date(),
    );
    expect(parseFindingsMessage(JSON.stringify(message))).toEqual(message);
  });

  it('takes the crawl jobs the planner makes, and refuses others saying where, never what', () => {
    const [job] = crawlJobs([{ id: 'tambon-a', websites: ['https://tambon-a.go.th/'], hosts: ['tambon-a.go.th'] }], { maxDepth: 3, pageBudget: 300 });
    expect(parseCrawlJob(JSON.stringify(job))).toEqual(job);
    const refusal = (body: string) => {
      try {
        parseCrawlJob(body);
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidMessage);
        return (err as Error).message;
      }
      throw new Error('taken');
    };
    expect(refusal(JSON.stringify({ ...job, maxDepth: 1.5 }))).toBe('the crawl job does not conform to its schema: /maxDepth must be integer');
    expect(refusal(JSON.stringify({ ...job, unitId: `../${ID}` }))).toBe('the crawl job does not conform to its schema: /unitId must match pattern "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"');
    expect(refusal(JSON.stringify({ ...job, [ID]: true }))).toBe('the crawl job does not conform to its schema: / must NOT have additional properties');
    expect(refusal(`{"unitId":"${ID}`)).toBe('the crawl job is not JSON');
  });
});
