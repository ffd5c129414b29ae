// The clerk's side of the local stack, over HTTP as the clerk page uses it: the sign-in stand-in
// (authorization code with PKCE, signed ID tokens), the HTTP API stand-in's JWT checks, the check
// API's own refusals, and the local S3 holding presigned URLs to their key, type and size.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, generateKeyPair } from 'jose';
import { createHandler as createCheckApi } from '../../functions/checks/api.ts';
import { type LocalAws, startLocalAws } from '../../local/aws-servers.ts';
import { expireChecks } from '../../local/check-retention.ts';
import { CLERK_PAGE_PATH, type ClerkSite, LOCAL_CLIENT_ID, startClerkSite } from '../../local/clerk-site.ts';
import { startDashboard } from '../../local/dashboard/server.ts';
import { documentClient, putItems } from '../../shared/aws/dynamodb.ts';
import { listObjects, putJson, putObject, readJsonIfPresent } from '../../shared/aws/s3.ts';
import { checkResult } from '../../shared/cases/check.ts';
import { MAX_CHECK_BYTES } from '../../shared/checks/clerk-requests.ts';
import { checkOf, checkResultKey, documentReference, findingsMessage, maskedCopyKey } from '../../shared/findings-message.ts';
import { scanDocument } from '../../shared/scan.ts';
import { FakeClock } from '../fake-clock.ts';
import { fingerprint } from '../helpers.ts';

const BUCKET = 'ingest';
const UNITS = [
  { id: 'tambon-a', name: 'องค์การบริหารส่วนตำบลทดสอบ', kind: 'อบต.', province: 'ชัยภูมิ', district: 'เมือง', websites: [], hosts: [], contactEmails: ['dpo@tambon-a.go.th'] },
  { id: 'muang-b', name: 'เทศบาลเมืองตัวอย่าง', kind: 'เทศบาลเมือง', province: 'จันทบุรี', district: 'เมือง', websites: [], hosts: [], contactEmails: ['dpo@muang-b.go.th'] },
];
// A national ID with its check digit, and a list that exposes it.
const ID = '1101700230705';
const LIST = `ลำดับ,ชื่อ-สกุล,เลขประจำตัวประชาชน\n1,นางสมศรี ใจดี,${ID}\n`;

let aws: LocalAws;
let site: ClerkSite;
let dashboard: { url: string; close(): Promise<void> };
let origin: string;
const clock = new FakeClock(Date.parse('2026-12-07T03:00:00Z'));

beforeAll(async () => {
  aws = await startLocalAws({ buckets: [BUCKET], tables: { units: ['id'], cases: ['caseId'], metrics: ['scope', 'day'] } });
  const db = documentClient(aws.dynamodb);
  await putItems(db, 'units', UNITS);
  site = await startClerkSite({ api: createCheckApi({ s3: aws.s3, bucket: BUCKET, clock }), units: async () => UNITS, s3Endpoint: aws.env.AWS_ENDPOINT_URL_S3!, now: () => clock.now() });
  dashboard = await startDashboard({
    port: 0,
    db,
    tables: { cases: 'cases', metrics: 'metrics', units: 'units' },
    s3: aws.s3,
    bucket: BUCKET,
    mailboxUrl: 'http://127.0.0.1:1/',
    clerkSite: site,
    runCrawl: async () => ({}),
    runFollowUp: async () => ({}),
  });
  origin = new URL(dashboard.url).origin;
}, 60_000);
afterAll(async () => {
  await dashboard?.close();
  await aws?.stop();
});

const at = (path: string, init?: RequestInit) => fetch(new URL(path, dashboard.url), { redirect: 'manual', ...init });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const tokenFor = (unitId: string, claims = {}) => site.idToken(origin, unitId, claims);

async function createCheck(token: string, file: { fileName: string; contentType: string; size: number }) {
  const response = await at('/clerk-api/checks', { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify(file) });
  return { status: response.status, body: (await response.json()) as Record<string, any>, headers: response.headers };
}

/** A check of the list, uploaded through its presigned URL. */
async function uploadedCheck(token: string): Promise<string> {
  const body = new TextEncoder().encode(LIST);
  const created = await createCheck(token, { fileName: 'รายชื่อ.csv', contentType: 'text/csv', size: body.length });
  expect(created.status).toBe(201);
  const put = await fetch(created.body.upload.url, { method: 'PUT', headers: created.body.upload.headers, body });
  expect(put.status).toBe(200);
  return created.body.checkId;
}

/** What the scan function writes for a check (functions/scan/handler.ts), here without the queue. */
async function scanned(unitId: string, checkId: string, masked?: Uint8Array): Promise<void> {
  const key = (await listObjects(aws.s3, BUCKET, `checks/${unitId}/${checkId}/`))[0]!.key;
  const check = checkOf(key)!;
  const message = findingsMessage(documentReference({ bucket: BUCKET, key }), await scanDocument(key, new TextEncoder().encode(LIST), { fingerprint }), clock.now());
  if (masked) await putObject(aws.s3, { bucket: BUCKET, key: maskedCopyKey(check, 'รายชื่อ-masked.csv'), body: masked });
  const maskedCopy = masked ? ({ available: true, fileName: 'รายชื่อ-masked.csv' } as const) : ({ available: false, reason: 'the masked copy still exposes 1 identifier(s)' } as const);
  await putJson(aws.s3, BUCKET, checkResultKey(check), checkResult(check, message, maskedCopy));
}

describe('the local sign-in', { timeout: 60_000 }, () => {
  it('signs a clerk in for a unit by authorization code with PKCE, once per code, into an ID token shaped as Cognito’s', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const redirectUri = `${origin}${CLERK_PAGE_PATH}`;
    const query = new URLSearchParams({ response_type: 'code', client_id: LOCAL_CLIENT_ID, redirect_uri: redirectUri, state: 's1', code_challenge: challenge, code_challenge_method: 'S256' });
    const page = await at(`/local-sign-in/authorize?${query}`);
    const html = await page.text();
    expect(html).toContain('<html lang="th">');
    // By Thai name: เทศบาล before องค์การ.
    expect(html.indexOf('muang-b')).toBeLessThan(html.indexOf('tambon-a'));

    const form = new URLSearchParams({ unit: 'tambon-a', email: 'clerk@tambon-a.go.th', redirect_uri: redirectUri, state: 's1', code_challenge: challenge });
    const signedIn = await at('/local-sign-in/authorize', { method: 'POST', body: form, headers: { origin } });
    expect(signedIn.status).toBe(303);
    const back = new URL(signedIn.headers.get('location')!);
    expect([back.origin + back.pathname, back.searchParams.get('state')]).toEqual([redirectUri, 's1']);

    const exchange = (code_verifier: string) =>
      at('/local-sign-in/token', {
        method: 'POST',
        headers: { origin },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: LOCAL_CLIENT_ID, code: back.searchParams.get('code')!, redirect_uri: redirectUri, code_verifier }),
      });
    const wrongVerifier = await exchange('not-the-verifier');
    expect([wrongVerifier.status, await wrongVerifier.json()]).toEqual([400, { error: 'invalid_grant' }]);
    // The wrong verifier used the code up: a stolen code is worth one try.
    expect((await exchange(verifier)).status).toBe(400);

    const again = await at('/local-sign-in/authorize', { method: 'POST', body: form, headers: { origin } });
    const code = new URL(again.headers.get('location')!).searchParams.get('code')!;
    const token = await at('/local-sign-in/token', {
      method: 'POST',
      headers: { origin },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: LOCAL_CLIENT_ID, code, redirect_uri: redirectUri, code_verifier: verifier }),
    });
    const { id_token } = (await token.json()) as { id_token: string };
    const claims = JSON.parse(Buffer.from(id_token.split('.')[1]!, 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ iss: `${origin}/local-sign-in`, aud: LOCAL_CLIENT_ID, token_use: 'id', 'custom:unit': 'tambon-a', email: 'clerk@tambon-a.go.th', amr: ['pwd', 'otp', 'mfa'] });
  });

  it('sends a code to the clerk page on this server only', async () => {
    const form = new URLSearchParams({ unit: 'tambon-a', redirect_uri: 'https://evil.example/steal', state: 's', code_challenge: 'c' });
    const response = await at('/local-sign-in/authorize', { method: 'POST', body: form, headers: { origin } });
    expect(new URL(response.headers.get('location')!).origin).toBe(origin);
  });

  it('serves the clerk page with a config.json naming this machine, and a CSP that lets it reach the local S3 only', async () => {
    const config = (await (await at('/clerk/config.json')).json()) as Record<string, string>;
    expect(config).toEqual({
      apiUrl: `${origin}/clerk-api`,
      authorizeUrl: `${origin}/local-sign-in/authorize`,
      tokenUrl: `${origin}/local-sign-in/token`,
      logoutUrl: `${origin}/local-sign-in/logout`,
      clientId: LOCAL_CLIENT_ID,
    });
    const page = await at('/clerk/');
    expect(await page.text()).toContain('lang="th"');
    expect(page.headers.get('content-security-policy')).toBe(`default-src 'self'; connect-src 'self' ${aws.env.AWS_ENDPOINT_URL_S3}; img-src 'self' data:; frame-ancestors 'none'`);
    expect(await (await at('/clerk/thai-labels.js')).text()).toContain('export const TYPE_LABELS');
    for (const path of ['/clerk/../package.json', '/clerk/clerk-site.ts', '/clerk/%2e%2e/package.json']) expect((await at(path)).status).toBe(404);
  });
});

describe('the check API behind the JWT authorizer', { timeout: 60_000 }, () => {
  it('creates a check: a presigned PUT that S3 takes only for that key, type and size', async () => {
    const token = await tokenFor('tambon-a');
    const body = new TextEncoder().encode(LIST);
    const created = await createCheck(token, { fileName: 'C:\\เอกสาร\\รายชื่อ.csv', contentType: 'text/csv; charset=utf-8', size: body.length });
    expect(created.status).toBe(201);
    const { checkId, upload, expiresAt } = created.body;
    expect(checkId).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(upload.headers).toEqual({ 'content-type': 'text/csv' });
    expect(expiresAt).toBe('2026-12-07T03:15:00.000Z');
    const url = new URL(upload.url);
    expect(decodeURIComponent(url.pathname)).toBe(`/${BUCKET}/checks/tambon-a/${checkId}/รายชื่อ.csv`);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');

    const put = (bytes: Uint8Array, type: string, to = upload.url) => fetch(to, { method: 'PUT', headers: { 'content-type': type }, body: bytes });
    for (const [bytes, type] of [
      [body, 'text/html'],
      [new Uint8Array([...body, 10]), 'text/csv'],
    ] as const) {
      const refused = await put(bytes, type);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('SignatureDoesNotMatch');
    }
    // Another unit's prefix, with the same signature.
    expect((await put(body, 'text/csv', upload.url.replace('/checks/tambon-a/', '/checks/muang-b/'))).status).toBe(403);
    expect((await put(body, 'text/csv')).status).toBe(200);

    // Until the scan writes its result, the check waits.
    const waiting = await at(`/clerk-api/checks/${checkId}`, { headers: bearer(token) });
    expect(await waiting.json()).toEqual({ checkId, state: 'waiting', fileName: 'รายชื่อ.csv', createdAt: '2026-12-07T03:00:00.000Z' });
  });

  it('answers a finished check with its findings by masked display and place, never their text, and hands out its masked copy for minutes', async () => {
    const token = await tokenFor('tambon-a');
    const checkId = await uploadedCheck(token);
    await scanned('tambon-a', checkId, new TextEncoder().encode('masked'));
    const done = (await (await at(`/clerk-api/checks/${checkId}`, { headers: bearer(token) })).json()) as Record<string, any>;
    expect(done).toMatchObject({
      checkId,
      state: 'done',
      fileName: 'รายชื่อ.csv',
      result: { status: 'scanned', counts: { leaks: 1 }, severity: expect.any(String), maskedCopy: { available: true, fileName: 'รายชื่อ-masked.csv' } },
    });
    expect(done.result.findings).toEqual([{ type: 'national_id', status: 'unmasked', display: 'X-XXXX-XXXX0-70-5', where: 'เซลล์ C2', candidates: 0 }]);
    expect(JSON.stringify(done)).not.toContain(ID);

    const copy = await at(`/clerk-api/checks/${checkId}/masked-copy`, { headers: bearer(token) });
    const { url, fileName, expiresAt } = (await copy.json()) as Record<string, string>;
    expect([fileName, expiresAt]).toEqual(['รายชื่อ-masked.csv', '2026-12-07T03:05:00.000Z']);
    const download = await fetch(url!);
    expect(await download.text()).toBe('masked');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('รายชื่อ-masked.csv')}`);
  });

  it('says why there is no masked copy', async () => {
    const token = await tokenFor('tambon-a');
    const checkId = await uploadedCheck(token);
    const early = await at(`/clerk-api/checks/${checkId}/masked-copy`, { headers: bearer(token) });
    expect([early.status, ((await early.json()) as any).error.code]).toEqual([409, 'no_masked_copy']);
    await scanned('tambon-a', checkId);
    const refused = await at(`/clerk-api/checks/${checkId}/masked-copy`, { headers: bearer(token) });
    expect([refused.status, await refused.json()]).toEqual([409, { error: { code: 'no_masked_copy', message: 'the masked copy still exposes 1 identifier(s)' } }]);
  });

  it('never shows a clerk another unit’s check, whatever ID is asked for', async () => {
    const checkId = await uploadedCheck(await tokenFor('tambon-a'));
    await scanned('tambon-a', checkId, new TextEncoder().encode('masked'));
    const other = await tokenFor('muang-b');
    for (const path of [`/clerk-api/checks/${checkId}`, `/clerk-api/checks/${checkId}/masked-copy`]) {
      const response = await at(path, { headers: bearer(other) });
      expect([response.status, await response.json()]).toEqual([404, { error: { code: 'not_found', message: 'no such check' } }]);
    }
    // Nor can a path reach past the unit's prefix.
    for (const id of ['..%2F..%2Ftambon-a%2Fx', '%2E%2E', 'short']) expect((await at(`/clerk-api/checks/${id}`, { headers: bearer(other) })).status).toBe(404);
  });

  it('refuses a token that is missing, expired, of another issuer or for another client, with the reason in WWW-Authenticate', async () => {
    const other = await generateKeyPair('RS256');
    const forged = await new SignJWT({ token_use: 'id', 'custom:unit': 'tambon-a', amr: ['mfa'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer('https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_other')
      .setAudience(LOCAL_CLIENT_ID)
      .setExpirationTime('1h')
      .sign(other.privateKey);
    const hourAgo = Math.floor(clock.now().getTime() / 1000) - 3600;
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      ['missing', {}, /no bearer token/],
      ['expired', bearer(await tokenFor('tambon-a', { iat: hourAgo - 60, exp: hourAgo })), /'exp' claim timestamp check failed/],
      ['another issuer', bearer(forged), /signature verification failed/],
      ['another issuer, our key', bearer(await tokenFor('tambon-a', { iss: 'https://elsewhere.example' })), /unexpected 'iss' claim value/],
      ['another client', bearer(await tokenFor('tambon-a', { aud: 'another-app' })), /unexpected 'aud' claim value/],
      ['not a JWT', bearer('abc.def.ghi'), /./],
    ];
    for (const [name, headers, reason] of cases) {
      const response = await at('/clerk-api/checks', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
      expect([name, response.status, await response.json()]).toEqual([name, 401, { message: 'Unauthorized' }]);
      expect(response.headers.get('www-authenticate')).toMatch(reason);
    }
  });

  it('refuses a signed-in clerk without a second factor, without a unit, or with an access token', async () => {
    const cases: Array<[string, Record<string, unknown>, number, string]> = [
      ['no MFA', { amr: ['pwd'] }, 403, 'second factor'],
      ['no amr at all', { amr: undefined }, 403, 'second factor'],
      ['no unit', { 'custom:unit': undefined }, 403, 'no unit'],
      ['a bad unit', { 'custom:unit': '../x' }, 403, 'no unit'],
      ['an access token', { token_use: 'access' }, 401, 'ID token'],
    ];
    for (const [name, claims, status, reason] of cases) {
      const created = await createCheck(await tokenFor('tambon-a', claims), { fileName: 'a.csv', contentType: 'text/csv', size: 10 });
      expect([name, created.status]).toEqual([name, status]);
      expect(created.body.error.message).toContain(reason);
    }
  });

  it('refuses a file too large, of a type it cannot read, or described wrongly, before any URL is made', async () => {
    const token = await tokenFor('tambon-a');
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ fileName: 'big.pdf', contentType: 'application/pdf', size: MAX_CHECK_BYTES + 1 }, 413, 'too_large'],
      [{ fileName: 'clip.mp4', contentType: 'video/mp4', size: 100 }, 415, 'unsupported_type'],
      [{ fileName: 'setup.exe', contentType: 'application/x-msdownload', size: 100 }, 415, 'unsupported_type'],
      [{ fileName: 'a.csv', contentType: 'text/csv', size: 0 }, 400, 'bad_request'],
      [{ fileName: '', contentType: 'text/csv', size: 10 }, 400, 'bad_request'],
      [{ fileName: '..', contentType: 'text/csv', size: 10 }, 400, 'bad_request'],
    ];
    for (const [file, status, code] of cases) {
      const created = await createCheck(token, file as never);
      expect([file, created.status, created.body.error.code]).toEqual([file, status, code]);
    }
    const notJson = await at('/clerk-api/checks', { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: 'nope' });
    expect(notJson.status).toBe(400);
    // The request itself is bounded: a file goes to S3, never through here.
    const huge = await at('/clerk-api/checks', { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: 'x'.repeat(1024 * 1024) });
    expect(huge.status).toBe(413);
  });
});

describe('check retention, locally', { timeout: 60_000 }, () => {
  it('deletes checks, their results and masked copies once older than the retention period, and nothing else', async () => {
    const checkId = await uploadedCheck(await tokenFor('tambon-a'));
    await scanned('tambon-a', checkId, new TextEncoder().encode('masked'));
    await putObject(aws.s3, { bucket: BUCKET, key: 'uploads/tambon-a/published.csv', body: new TextEncoder().encode(LIST) });
    const checkObjects = async () => [...(await listObjects(aws.s3, BUCKET, 'checks/')), ...(await listObjects(aws.s3, BUCKET, 'check-results/'))].length;
    expect(await checkObjects()).toBeGreaterThanOrEqual(3);
    const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000);
    expect(await expireChecks(aws.s3, BUCKET, 7, inDays(6))).toBe(0);
    expect(await expireChecks(aws.s3, BUCKET, 7, inDays(8))).toBeGreaterThanOrEqual(3);
    expect(await checkObjects()).toBe(0);
    expect(await readJsonIfPresent(aws.s3, BUCKET, checkResultKey({ unitId: 'tambon-a', checkId }))).toBeUndefined();
    expect((await listObjects(aws.s3, BUCKET, 'uploads/')).map((o) => o.key)).toEqual(['uploads/tambon-a/published.csv']);
  });
});
