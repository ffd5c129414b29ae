// The messages the functions take from their queues, parsed against their JSON Schemas: a queue is
// a boundary, and what comes over it is checked before any use, not cast. The reason a message is
// refused names the place and the rule it breaks, never the value there (a value may be a
// person's identifier).
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import crawlJobSchema from '../shared/crawl/crawl-job.schema.json' with { type: 'json' };
import type { CrawlJob } from '../shared/crawl/crawl.ts';
import findingsMessageSchema from '../shared/findings-message.schema.json' with { type: 'json' };
import type { FindingsMessage } from '../shared/findings-message.ts';

/**
 * A message that does not conform to its schema. It fails alone, like any failed message, rather
 * than being dropped: after the queue's few receives (3) it waits in the dead-letter queue, under
 * an alarm, and can be redriven once its consumer understands it (say a scan function deployed
 * with a newer findings message before the notify function). Dropped, it would be lost; its
 * retries cost three receives and never go on for ever.
 */
export class InvalidMessage extends Error {
  override readonly name = 'InvalidMessage';
}

const ajv = new Ajv2020({ strict: true });
addFormats.default(ajv);

function messageParser<T>(schema: object, what: string): (body: string) => T {
  // Compiled on first use, once per container.
  let validate: ValidateFunction | undefined;
  return (body) => {
    let message: unknown;
    try {
      message = JSON.parse(body);
    } catch {
      // JSON.parse's own error quotes the text it stopped at.
      throw new InvalidMessage(`the ${what} is not JSON`);
    }
    validate ??= ajv.compile(schema);
    if (validate(message)) return message as T;
    const [error] = validate.errors ?? [];
    throw new InvalidMessage(`the ${what} does not conform to its schema: ${error?.instancePath || '/'} ${error?.message ?? ''}`.trimEnd());
  };
}

export const parseFindingsMessage = messageParser<FindingsMessage>(findingsMessageSchema, 'findings message');
export const parseCrawlJob = messageParser<CrawlJob>(crawlJobSchema, 'crawl job');
