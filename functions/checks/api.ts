// The check API, for agency clerks signed in with MFA: behind API Gateway's JWT authorizer (the
// token's signature, issuer, audience and expiry are verified before this runs), it creates a
// check (a presigned PUT for exactly one file, of the declared type and size, under the clerk's own
// unit's checks/ prefix), reads a check's state and private result, and hands out its masked copy
// (a presigned GET for minutes). The clerk's unit comes from the token alone, and every key is
// built from it: a check of another unit is not found, whatever ID is asked for.
import { randomBytes } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { checkKey, presignDownload, presignUpload, putJson, readJsonIfPresent, s3Client } from '../../shared/aws/s3.ts';
import { type CheckResult, type WaitingCheck, waitingCheck } from '../../shared/cases/check.ts';
import { type Clerk, Refusal, checkIdOf, clerkOf, newCheckOf } from '../../shared/checks/clerk-requests.ts';
import { type Clock, systemClock } from '../../shared/clock.ts';
import { checkResultKey, maskedCopyKey } from '../../shared/findings-message.ts';
import { maskAddress } from '../../shared/masking.ts';
import { describeLocationInThai } from '../../shared/report/location.ts';
import { builtOnFirstCall } from '../lambda.ts';
import { requiredSetting } from '../settings.ts';

const logger = new Logger({ serviceName: 'leakscan-check-api' });

/** How long a clerk has to start the upload, and to start the masked copy's download. */
export const UPLOAD_URL_SECONDS = 15 * 60;
export const DOWNLOAD_URL_SECONDS = 5 * 60;

export interface CheckApiDeps {
  s3: S3Client;
  bucket: string;
  clock: Clock;
}

export type CheckApiHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<APIGatewayProxyStructuredResultV2>;

type Route = (clerk: Clerk, event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<{ status: number; body: unknown }>;

export function createHandler({ s3, bucket, clock }: CheckApiDeps): CheckApiHandler {
  const expiresAt = (seconds: number) => new Date(clock.now().getTime() + seconds * 1000).toISOString();
  const stored = async (clerk: Clerk, checkId: string) => (await readJsonIfPresent(s3, bucket, checkResultKey({ unitId: clerk.unitId, checkId }))) as WaitingCheck | CheckResult | undefined;

  const routes: Record<string, Route> = {
    'POST /checks': async (clerk, event) => {
      const file = newCheckOf(jsonBody(event));
      // 144 random bits: the ID names a private result, so it must not be guessable.
      const checkId = randomBytes(18).toString('base64url');
      let key: string;
      try {
        key = checkKey(clerk.unitId, checkId, file.fileName);
      } catch (err) {
        throw new Refusal('bad_request', (err as Error).message);
      }
      // Recorded before the URL is handed out, so that the result (written by the scan) always comes after it.
      await putJson(s3, bucket, checkResultKey({ unitId: clerk.unitId, checkId }), waitingCheck({ unitId: clerk.unitId, checkId, fileName: key.split('/').pop()! }, clock.now()));
      const url = await presignUpload(s3, bucket, key, UPLOAD_URL_SECONDS, { contentType: file.contentType, size: file.size });
      logger.info('check created', { unitId: clerk.unitId, clerk: clerk.subject, checkId, size: file.size, contentType: file.contentType });
      return { status: 201, body: { checkId, upload: { url, method: 'PUT', headers: { 'content-type': file.contentType } }, expiresAt: expiresAt(UPLOAD_URL_SECONDS) } };
    },
    'GET /checks/{checkId}': async (clerk, event) => {
      const checkId = checkIdOf(event.pathParameters?.checkId);
      const check = await stored(clerk, checkId);
      if (!check) throw new Refusal('not_found', 'no such check');
      if (check.state === 'waiting') return { status: 200, body: { checkId, state: check.state, fileName: check.fileName, createdAt: check.createdAt } };
      return { status: 200, body: { checkId, state: check.state, fileName: check.fileName, result: resultView(check) } };
    },
    'GET /checks/{checkId}/masked-copy': async (clerk, event) => {
      const checkId = checkIdOf(event.pathParameters?.checkId);
      const check = await stored(clerk, checkId);
      if (!check) throw new Refusal('not_found', 'no such check');
      if (check.state !== 'done') throw new Refusal('no_masked_copy', 'the check is not finished yet');
      const masked = check.maskedCopy;
      if (!masked) throw new Refusal('no_masked_copy', check.counts.leaks === 0 ? 'the document exposes no one: it needs no masked copy' : 'no masked copy was made');
      if (!masked.available) throw new Refusal('no_masked_copy', masked.reason);
      const url = await presignDownload(s3, bucket, maskedCopyKey({ unitId: clerk.unitId, checkId }, masked.fileName), DOWNLOAD_URL_SECONDS, masked.fileName);
      return { status: 200, body: { url, fileName: masked.fileName, expiresAt: expiresAt(DOWNLOAD_URL_SECONDS) } };
    },
  };

  return async (event) => {
    try {
      const route = routes[event.routeKey];
      if (!route) throw new Refusal('not_found', 'no such route');
      const { status, body } = await route(clerkOf(event.requestContext.authorizer.jwt.claims), event);
      return reply(status, body);
    } catch (err) {
      if (err instanceof Refusal) {
        logger.info('request refused', { route: event.routeKey, code: err.code, reason: err.message });
        return reply(err.status, { error: { code: err.code, message: err.message } });
      }
      // A message may name an object key, which may hold a person's number.
      logger.error('request failed', { route: event.routeKey, error: maskAddress((err as Error).message) });
      return reply(500, { error: { code: 'internal', message: 'the check service failed; try again' } });
    }
  };
}

function jsonBody(event: APIGatewayProxyEventV2WithJWTAuthorizer): unknown {
  const text = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : (event.body ?? '');
  try {
    return JSON.parse(text);
  } catch {
    throw new Refusal('bad_request', 'the request body is not JSON');
  }
}

const reply = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

/** A finished check as the clerk page shows it: each finding by its masked display and where it is, never its excerpt. */
function resultView(check: CheckResult) {
  const { findings, counts, severity, severityReasons, maskedCopy, error, format, status, fileName, scannedAt } = check;
  return {
    fileName,
    format,
    status,
    ...(error && { error }),
    findings: findings.map(({ type, status: findingStatus, display, location: { excerpt: _excerpt, ...location }, candidates }) => ({
      type,
      status: findingStatus,
      display,
      where: describeLocationInThai(location),
      ...(candidates !== undefined && { candidates }),
    })),
    counts,
    ...(severity && { severity, severityReasons }),
    ...(maskedCopy && { maskedCopy }),
    scannedAt,
  };
}

/** The deployment's dependencies (infra/check-api.ts): the ingest bucket, whose checks/ and check-results/ prefixes it uses. */
export const fromEnvironment = (): CheckApiDeps => ({ s3: s3Client(), bucket: requiredSetting('INGEST_BUCKET'), clock: systemClock });

export const handler = builtOnFirstCall(() => createHandler(fromEnvironment()));
