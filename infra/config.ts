// The deployment's settings, from CDK context (cdk.json, or -c key=value), checked before any
// resource is defined: a wrong value stops synthesis with a message that names it.
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { DEFAULT_CHECK_RETENTION_DAYS } from '../shared/cases/check.ts';
import { DEFAULT_CRAWL_CONTACT } from '../shared/crawl/fetcher.ts';
import { OCR_ENGINES, type OcrEngineName } from '../shared/ocr/index.ts';

export interface LeakscanConfig {
  /** Part of every resource name: dev, test, prod, … */
  stage: string;
  /** Days a document stays in the ingest bucket after upload (it holds citizens' data). */
  retentionDays: number;
  /** Days a clerk's check (a draft, never published) and its result stay: long enough to read the result and fetch the masked copy. */
  checkRetentionDays: number;
  /** Days every function's logs are kept: they sit beside personal data (document keys, unit names), so never for ever. */
  logRetentionDays: RetentionDays;
  ocrEngine: Exclude<OcrEngineName, 'none'>;
  /** Where alarms are e-mailed; none: alarms only show in CloudWatch. */
  alarmEmail?: string;
  /** Scan functions running at once: Textract's quota on concurrent jobs and requests bounds it. */
  scanConcurrency: number;
  /** Hour of the day (Thailand time) the daily crawl starts. */
  crawlHour: number;
  /** Links followed from a unit's seed pages. */
  crawlDepth: number;
  /** Requests per unit and crawl, at most. */
  crawlPageBudget: number;
  /** Least milliseconds between two requests to one host (robots.txt may ask for more). */
  crawlDelayMs: number;
  /** Units one crawler invocation crawls side by side. */
  crawlBatchSize: number;
  /** Crawler functions running at once. */
  crawlConcurrency: number;
  /** The URL or mailto: address in the crawler's User-Agent, for site owners to reach the operator. */
  crawlContact: string;
  /** The sender of the e-mails to units and the PDPC. */
  notifyFrom: string;
  /** Where units' replies go. */
  notifyReplyTo: string;
  /** The SES identity the sender belongs to (its domain, or the address itself): the one thing the functions may send as. */
  sesIdentity: string;
  /** The PDPC's mailbox: copied on notices, told of escalations. */
  pdpcEmail: string;
  /** Notify functions running at once. */
  notifyConcurrency: number;
  /** Minutes between two runs of the case follow-up (deadlines, re-checks of documents). */
  followUpMinutes: number;
  /** The clerks' sign-in pages live at https://<prefix>.auth.<region>.amazoncognito.com: unique in the region, across all accounts. */
  clerkDomainPrefix: string;
}

/** The retention periods CloudWatch Logs offers, in days (never-expire left out). */
const LOG_RETENTION_DAYS: readonly number[] = Object.values(RetentionDays).filter((days) => typeof days === 'number' && days !== RetentionDays.INFINITE);

export function readConfig(node: Node): LeakscanConfig {
  const problems: string[] = [];
  const text = (key: string): string | undefined => {
    const value = node.tryGetContext(key);
    return value === undefined || value === null ? undefined : String(value);
  };
  const integer = (key: string, min: number, max: number, fallback: number): number => {
    const raw = text(key);
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`${key} must be a whole number from ${min} to ${max}, not ${raw}`);
    return value;
  };
  const stage = text('stage') ?? 'dev';
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(stage)) problems.push(`stage must be 1–16 lowercase letters, digits or dashes, starting with a letter, not ${stage}`);
  const retentionDays = integer('retentionDays', 1, 3650, 30);
  const checkRetentionDays = integer('checkRetentionDays', 1, 3650, DEFAULT_CHECK_RETENTION_DAYS);
  // The bucket's rule for every object ends a check anyway at retentionDays.
  if (checkRetentionDays > retentionDays) problems.push(`checkRetentionDays (${checkRetentionDays}) must not be more than retentionDays (${retentionDays})`);
  const logRetentionDays = integer('logRetentionDays', 1, 3653, 90);
  if (!LOG_RETENTION_DAYS.includes(logRetentionDays)) problems.push(`logRetentionDays must be one of CloudWatch Logs' periods (${LOG_RETENTION_DAYS.join(', ')}), not ${logRetentionDays}`);
  const scanConcurrency = integer('scanConcurrency', 2, 1000, 5);
  const crawl = {
    crawlHour: integer('crawlHour', 0, 23, 1),
    crawlDepth: integer('crawlDepth', 0, 10, 3),
    crawlPageBudget: integer('crawlPageBudget', 1, 10_000, 300),
    crawlDelayMs: integer('crawlDelayMs', 0, 60_000, 1000),
    crawlBatchSize: integer('crawlBatchSize', 1, 10, 10),
    crawlConcurrency: integer('crawlConcurrency', 2, 1000, 20),
  };
  const crawlContact = text('crawlContact') ?? DEFAULT_CRAWL_CONTACT;
  if (!/^(?:https?:\/\/|mailto:)[^\s;()]+$/.test(crawlContact)) problems.push(`crawlContact must be an http(s) URL or a mailto: address, not ${crawlContact}`);
  const ocrEngine = text('ocrEngine') ?? 'tesseract';
  const engines = OCR_ENGINES.filter((e) => e !== 'none');
  if (!(engines as readonly string[]).includes(ocrEngine)) problems.push(`ocrEngine must be one of ${engines.join(', ')}, not ${ocrEngine}`);
  const alarmEmail = text('alarmEmail') || undefined;
  if (alarmEmail && !EMAIL.test(alarmEmail)) problems.push(`alarmEmail must be an e-mail address, not ${alarmEmail}`);
  const notify = notifySettings(text, integer, problems);
  const clerkDomainPrefix = text('clerkDomainPrefix') || `leakscan-${stage}-clerks`;
  if (!COGNITO_DOMAIN_PREFIX.test(clerkDomainPrefix) || /aws|amazon|cognito/.test(clerkDomainPrefix))
    problems.push(
      `clerkDomainPrefix must be 1–63 lowercase letters, digits or hyphens, not starting or ending with a hyphen, without "aws", "amazon" or "cognito" (Cognito refuses them), not ${clerkDomainPrefix}`,
    );
  if (problems.length > 0) throw new Error(`invalid leakscan context: ${problems.join('; ')}`);
  const config: LeakscanConfig = {
    stage,
    retentionDays,
    checkRetentionDays,
    logRetentionDays,
    ocrEngine: ocrEngine as LeakscanConfig['ocrEngine'],
    scanConcurrency,
    ...crawl,
    crawlContact,
    ...notify,
    clerkDomainPrefix,
  };
  if (alarmEmail) config.alarmEmail = alarmEmail;
  return config;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** Cognito's rule for a domain prefix (it also refuses the reserved words checked beside it). */
const COGNITO_DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

type Notify = Pick<LeakscanConfig, 'notifyFrom' | 'notifyReplyTo' | 'sesIdentity' | 'pdpcEmail' | 'notifyConcurrency' | 'followUpMinutes'>;

/** The e-mail settings: addresses, the SES identity the sender must belong to, the notify and follow-up pace. */
function notifySettings(text: (key: string) => string | undefined, integer: (key: string, min: number, max: number, fallback: number) => number, problems: string[]): Notify {
  const address = (key: string, fallback: string): string => {
    const value = text(key) || fallback;
    if (!EMAIL.test(value)) problems.push(`${key} must be an e-mail address, not ${value}`);
    return value;
  };
  const notifyFrom = address('notifyFrom', 'leakscan@pdpc.or.th');
  const pdpcEmail = address('pdpcEmail', 'eagle-eye@pdpc.or.th');
  const notifyReplyTo = address('notifyReplyTo', pdpcEmail);
  const fromDomain = notifyFrom.slice(notifyFrom.lastIndexOf('@') + 1);
  const sesIdentity = text('sesIdentity') || fromDomain;
  if (EMAIL.test(sesIdentity)) {
    if (sesIdentity.toLowerCase() !== notifyFrom.toLowerCase()) problems.push(`sesIdentity ${sesIdentity} is an address other than notifyFrom ${notifyFrom}: SES would refuse to send as notifyFrom`);
  } else if (!DOMAIN.test(sesIdentity)) {
    problems.push(`sesIdentity must be a domain or an e-mail address verified in SES, not ${sesIdentity}`);
  } else if (fromDomain.toLowerCase() !== sesIdentity.toLowerCase()) {
    problems.push(`notifyFrom ${notifyFrom} is not an address of the sesIdentity domain ${sesIdentity}`);
  }
  return {
    notifyFrom,
    notifyReplyTo,
    sesIdentity,
    pdpcEmail,
    // Lambda's least maximum concurrency for an SQS event source is 2.
    notifyConcurrency: integer('notifyConcurrency', 2, 1000, 5),
    followUpMinutes: integer('followUpMinutes', 5, 1440, 60),
  };
}
