// What the notify and the follow-up functions share: the cases, the units registry and SES, and
// who notices come from.
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CaseStore, type CaseTables } from '../../shared/aws/case-store.ts';
import { documentClient } from '../../shared/aws/dynamodb.ts';
import { sendEmail, sesClient } from '../../shared/aws/ses.ts';
import { UnitDirectory } from '../../shared/aws/unit-directory.ts';
import type { NoticeDeps } from '../../shared/cases/notices.ts';
import { type Clock, systemClock } from '../../shared/clock.ts';
import { noticeSettings, requiredSetting } from '../settings.ts';

export type CaseNotices = Omit<NoticeDeps, 'now' | 'changed'> & { clock: Clock };

/** The cases and the registry in DynamoDB, e-mail through SES. */
export function caseNotices(db: DynamoDBDocumentClient, ses: SESv2Client, tables: CaseTables & { units: string }, settings: NoticeDeps['settings'], clock: Clock): CaseNotices {
  return { cases: new CaseStore(db, tables), units: new UnitDirectory(db, tables.units), send: (email) => sendEmail(ses, email), settings, clock };
}

/** The deployment's: tables and addresses from the environment (infra/notify-function.ts: caseNoticeEnvironment). */
export const caseNoticesFromEnvironment = (): CaseNotices =>
  caseNotices(
    documentClient(),
    sesClient(),
    { cases: requiredSetting('CASES_TABLE'), metrics: requiredSetting('METRICS_TABLE'), units: requiredSetting('UNITS_TABLE') },
    noticeSettings(),
    systemClock,
  );
