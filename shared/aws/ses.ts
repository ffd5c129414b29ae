// SESv2, as the notify function uses it: one e-mail, HTML and text, in UTF-8. Throttling and
// transient errors are retried by the SDK's standard strategy (exponential backoff with jitter);
// what still fails is left to the queue's redelivery.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { OutgoingEmail } from '../cases/notices.ts';

export const sesClient = (): SESv2Client => new SESv2Client({ maxAttempts: 5 });

/** Sends the e-mail and returns SES's message ID. */
export async function sendEmail(ses: SESv2Client, email: OutgoingEmail): Promise<string> {
  const utf8 = (Data: string) => ({ Data, Charset: 'UTF-8' });
  const out = await ses.send(
    new SendEmailCommand({
      FromEmailAddress: email.from,
      Destination: { ToAddresses: email.to, CcAddresses: email.cc ?? [] },
      ReplyToAddresses: email.replyTo ?? [],
      Content: { Simple: { Subject: utf8(email.subject), Body: { Text: utf8(email.text), Html: utf8(email.html) } } },
    }),
  );
  if (!out.MessageId) throw new Error('SES accepted the e-mail without a message ID');
  return out.MessageId;
}
