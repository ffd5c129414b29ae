// The clerk's side of `leakscan serve`, on the dashboard's server: the clerk page (the files
// deployed to CloudFront in AWS, with a config.json naming this machine), a sign-in stand-in for
// Cognito, and a stand-in for the HTTP API in front of the check API's own handler.
//
// The sign-in issues real RS256-signed ID tokens, shaped as Cognito's (token_use, custom:unit, amr),
// for the unit the clerk picks, from a key pair made at start; the API stand-in verifies them as
// API Gateway's JWT authorizer does (signature, issuer, audience, expiry: 401 otherwise, the
// reason in WWW-Authenticate) and hands the claims to the handler as API Gateway does, array
// claims flattened to "[a b]". The clerk's MFA is Cognito's to ask for; here the token states it.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join, resolve } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { escapeUTF8 } from 'entities';
import { type CryptoKey, type JWTPayload, SignJWT, generateKeyPair, jwtVerify } from 'jose';
import type { CheckApiHandler } from '../functions/checks/api.ts';
import { UNIT_CLAIM } from '../shared/checks/clerk-requests.ts';
import { UNIT_ID } from '../shared/findings-message.ts';
import { THAI_LABELS_MODULE } from '../shared/thai-labels.ts';

const CLERK_PAGE_DIRECTORY = resolve(import.meta.dirname, '..', 'clerk');
export const CLERK_PAGE_PATH = '/clerk/';
const API_PATH = '/clerk-api';
const SIGN_IN_PATH = '/local-sign-in';
/** The clerk page's client, as Cognito's app client ID. */
export const LOCAL_CLIENT_ID = 'leakscan-local-clerk-page';
const TOKEN_SECONDS = 3600;
const CODE_MS = 5 * 60_000;

/** An answer to one request; `headers` are added to (and override) the server's own. */
export interface SiteReply {
  status: number;
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

export interface ClerkSiteOptions {
  api: CheckApiHandler;
  /** The units a clerk may sign in for (the registry). */
  units: () => Promise<Array<{ id: string; name: string }>>;
  /** Where the page's uploads and downloads go (the local S3 server): the page's CSP allows it. */
  s3Endpoint: string;
  now?: () => Date;
}

export interface ClerkSite {
  /** The reply for a path of the clerk site, undefined for any other path. */
  reply(req: IncomingMessage, url: URL, body: () => Promise<Buffer>): Promise<SiteReply | undefined>;
  /** An ID token as the sign-in issues it, for tests and scripts; `claims` add to or replace its claims. */
  idToken(origin: string, unitId: string, claims?: JWTPayload): Promise<string>;
}

const PAGE_FILES: Record<string, { file: string; type: string }> = {
  '': { file: 'index.html', type: 'text/html; charset=utf-8' },
  'index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  'app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  'dom.js': { file: 'dom.js', type: 'text/javascript; charset=utf-8' },
  'base.css': { file: 'base.css', type: 'text/css; charset=utf-8' },
  'style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

/** The API's routes, as the HTTP API declares them (infra/check-api.ts). */
const API_ROUTES: Array<{ method: string; pattern: RegExp; routeKey: string }> = [
  { method: 'POST', pattern: /^\/checks$/, routeKey: 'POST /checks' },
  { method: 'GET', pattern: /^\/checks\/([^/]+)$/, routeKey: 'GET /checks/{checkId}' },
  { method: 'GET', pattern: /^\/checks\/([^/]+)\/masked-copy$/, routeKey: 'GET /checks/{checkId}/masked-copy' },
];

interface AuthorizationCode {
  unitId: string;
  email: string;
  redirectUri: string;
  challenge: string;
  expires: number;
}

export async function startClerkSite(options: ClerkSiteOptions): Promise<ClerkSite> {
  const now = options.now ?? (() => new Date());
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const keyId = randomUUID();
  const codes = new Map<string, AuthorizationCode>();
  const issuerOf = (origin: string) => `${origin}${SIGN_IN_PATH}`;

  async function idToken(origin: string, unitId: string, claims: JWTPayload = {}): Promise<string> {
    const seconds = Math.floor(now().getTime() / 1000);
    const standard = { iss: issuerOf(origin), aud: LOCAL_CLIENT_ID, sub: `local-clerk-${unitId}`, iat: seconds, auth_time: seconds, exp: seconds + TOKEN_SECONDS };
    return new SignJWT({ ...standard, token_use: 'id', [UNIT_CLAIM]: unitId, amr: ['pwd', 'otp', 'mfa'], ...claims }).setProtectedHeader({ alg: 'RS256', kid: keyId }).sign(privateKey as CryptoKey);
  }

  async function page(name: string, origin: string): Promise<SiteReply | undefined> {
    if (name === 'thai-labels.js') return { status: 200, type: 'text/javascript; charset=utf-8', body: THAI_LABELS_MODULE };
    if (name === 'config.json') {
      const config = {
        apiUrl: `${origin}${API_PATH}`,
        authorizeUrl: `${origin}${SIGN_IN_PATH}/authorize`,
        tokenUrl: `${origin}${SIGN_IN_PATH}/token`,
        logoutUrl: `${origin}${SIGN_IN_PATH}/logout`,
        clientId: LOCAL_CLIENT_ID,
      };
      return json(200, config);
    }
    const file = PAGE_FILES[name];
    if (!file) return undefined;
    // The page talks to the local S3 server too (presigned uploads), as it talks to the bucket in AWS.
    const csp = `default-src 'self'; connect-src 'self' ${options.s3Endpoint}; img-src 'self' data:; frame-ancestors 'none'`;
    return { status: 200, type: file.type, body: await readFile(join(CLERK_PAGE_DIRECTORY, file.file)), headers: { 'content-security-policy': csp } };
  }

  /** The sign-in form: the clerk picks a unit (Cognito, in AWS, asks for a password and a TOTP code). */
  async function authorizePage(query: URLSearchParams, origin: string): Promise<SiteReply> {
    const redirectUri = validRedirect(query.get('redirect_uri'), origin);
    if (query.get('client_id') !== LOCAL_CLIENT_ID || query.get('response_type') !== 'code') return text(400, 'unknown client_id, or response_type is not code');
    if (query.get('code_challenge_method') !== 'S256' || !query.get('code_challenge')) return text(400, 'PKCE (code_challenge_method=S256) is required');
    // By Thai name (a leading vowel does not count).
    const units = (await options.units()).sort((a, b) => a.name.localeCompare(b.name, 'th') || a.id.localeCompare(b.id));
    const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeUTF8(value)}" />`;
    const body = `<!doctype html>
<html lang="th"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
<title>เข้าสู่ระบบ (จำลองในเครื่อง) · leakscan</title><link rel="stylesheet" href="${CLERK_PAGE_PATH}base.css" /><link rel="stylesheet" href="${CLERK_PAGE_PATH}style.css" /></head>
<body><main class="sign-in">
<h1>เข้าสู่ระบบเจ้าหน้าที่หน่วยงาน <small lang="en">local sign-in</small></h1>
<p>หน้านี้จำลองการเข้าสู่ระบบบนเครื่องนี้เท่านั้น: บน AWS ระบบ Amazon Cognito ขอรหัสผ่านและรหัสยืนยันตัวตนสองขั้นตอน (TOTP) และหน่วยงานของบัญชีกำหนดโดยผู้ดูแลของ สคส.</p>
<form method="post" action="${SIGN_IN_PATH}/authorize">
${hidden('redirect_uri', redirectUri)}${hidden('state', query.get('state') ?? '')}${hidden('code_challenge', query.get('code_challenge') ?? '')}
<label for="unit">หน่วยงาน <small lang="en">unit</small></label>
<select id="unit" name="unit" data-testid="sign-in-unit">${units.map((u) => `<option value="${escapeUTF8(u.id)}">${escapeUTF8(u.name)} (${escapeUTF8(u.id)})</option>`).join('')}</select>
<label for="email">อีเมล <small lang="en">e-mail</small></label>
<input id="email" name="email" type="email" value="clerk@example.go.th" />
<button type="submit" data-testid="sign-in-submit">เข้าสู่ระบบ</button>
</form></main></body></html>`;
    // A form posted under no-referrer says it comes from origin "null", which the server refuses.
    return { status: 200, type: 'text/html; charset=utf-8', body, headers: { 'referrer-policy': 'same-origin' } };
  }

  async function authorize(form: URLSearchParams, origin: string): Promise<SiteReply> {
    const redirectUri = validRedirect(form.get('redirect_uri'), origin);
    const unitId = form.get('unit') ?? '';
    if (!UNIT_ID.test(unitId) || !(await options.units()).some((u) => u.id === unitId)) return text(400, 'no such unit');
    const code = randomBytes(24).toString('base64url');
    codes.set(code, { unitId, email: form.get('email') ?? '', redirectUri, challenge: form.get('code_challenge') ?? '', expires: now().getTime() + CODE_MS });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', form.get('state') ?? '');
    return { status: 303, type: 'text/plain; charset=utf-8', body: '', headers: { location: back.href } };
  }

  /** The token endpoint: one use of a code, for the client, redirect and PKCE verifier it was made for. */
  async function token(form: URLSearchParams, origin: string): Promise<SiteReply> {
    const code = codes.get(form.get('code') ?? '');
    codes.delete(form.get('code') ?? '');
    const challenge = createHash('sha256')
      .update(form.get('code_verifier') ?? '')
      .digest('base64url');
    const valid =
      code &&
      code.expires > now().getTime() &&
      form.get('grant_type') === 'authorization_code' &&
      form.get('client_id') === LOCAL_CLIENT_ID &&
      form.get('redirect_uri') === code.redirectUri &&
      challenge === code.challenge;
    if (!valid) return json(400, { error: 'invalid_grant' });
    const id_token = await idToken(origin, code.unitId, code.email ? { email: code.email } : {});
    return json(200, { id_token, token_type: 'Bearer', expires_in: TOKEN_SECONDS });
  }

  /** API Gateway's JWT authorizer, then the route's integration: the check API's handler. */
  async function api(req: IncomingMessage, path: string, body: Buffer, origin: string): Promise<SiteReply> {
    const route = API_ROUTES.map((r) => ({ ...r, match: r.method === req.method ? r.pattern.exec(path) : null })).find((r) => r.match);
    if (!route) return json(404, { message: 'Not Found' });
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    let claims: JWTPayload;
    try {
      if (!bearer) throw new Error('no bearer token');
      ({ payload: claims } = await jwtVerify(bearer, async () => publicKey, { issuer: issuerOf(origin), audience: LOCAL_CLIENT_ID, algorithms: ['RS256'], currentDate: now() }));
    } catch (err) {
      return { ...json(401, { message: 'Unauthorized' }), headers: { 'www-authenticate': `Bearer error="invalid_token" error_description="${(err as Error).message.replace(/"/g, "'")}"` } };
    }
    const checkId = route.match![1];
    const event = {
      version: '2.0',
      routeKey: route.routeKey,
      rawPath: path,
      rawQueryString: '',
      headers: { 'content-type': req.headers['content-type'] ?? '' },
      body: body.toString('utf8'),
      isBase64Encoded: false,
      ...(checkId && { pathParameters: { checkId: decodeURIComponent(checkId) } }),
      requestContext: { authorizer: { jwt: { claims: flattened(claims), scopes: null } }, http: { method: req.method!, path } },
    } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
    const result = await options.api(event);
    return { status: result.statusCode ?? 200, type: String(result.headers?.['content-type'] ?? 'application/json'), body: result.body ?? '' };
  }

  return {
    idToken,
    async reply(req, url, readBody) {
      const origin = `http://${req.headers.host}`;
      const path = url.pathname;
      if (path.startsWith(CLERK_PAGE_PATH) && req.method === 'GET') return page(path.slice(CLERK_PAGE_PATH.length), origin);
      if (path.startsWith(`${API_PATH}/`)) return api(req, path.slice(API_PATH.length), await readBody(), origin);
      if (path === `${SIGN_IN_PATH}/authorize` && req.method === 'GET') return authorizePage(url.searchParams, origin);
      if (path === `${SIGN_IN_PATH}/authorize` && req.method === 'POST') return authorize(new URLSearchParams((await readBody()).toString('utf8')), origin);
      if (path === `${SIGN_IN_PATH}/token` && req.method === 'POST') return token(new URLSearchParams((await readBody()).toString('utf8')), origin);
      if (path === `${SIGN_IN_PATH}/logout` && req.method === 'GET') {
        return { status: 303, type: 'text/plain; charset=utf-8', body: '', headers: { location: validRedirect(url.searchParams.get('logout_uri'), origin) } };
      }
      return undefined;
    },
  };
}

/** Only the clerk page on this server may receive a code or be sent back to: never another site. */
function validRedirect(uri: string | null, origin: string): string {
  const page = `${origin}${CLERK_PAGE_PATH}`;
  return uri && (uri === page || uri.startsWith(`${page}index.html`)) ? uri : page;
}

/** Claims as API Gateway's JWT authorizer hands them to a function: strings, arrays as "[a b]". */
function flattened(claims: JWTPayload): Record<string, string> {
  return Object.fromEntries(Object.entries(claims).map(([name, value]) => [name, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]));
}

const json = (status: number, value: unknown): SiteReply => ({ status, type: 'application/json; charset=utf-8', body: JSON.stringify(value) });
const text = (status: number, message: string): SiteReply => ({ status, type: 'text/plain; charset=utf-8', body: message });
