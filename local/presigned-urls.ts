// s3rver checks a presigned URL's expiry but not its signature (its SigV4 check is unimplemented).
// S3 does, and the check API relies on it: a clerk's upload URL is signed for one key, one content
// type and one size. This middleware, put before s3rver's own, verifies a presigned request's
// signature as S3 does (the request re-signed with the SDK's own signer and the server's key), so
// that a local upload of another type, size or key is refused with S3's error, as in AWS.
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';

/** The subset of a Koa context the check reads and writes. */
interface KoaContext {
  method: string;
  host: string;
  originalUrl: string;
  query: Record<string, string | string[] | undefined>;
  headers: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
}
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

/** A middleware that refuses a presigned request whose signature does not match it (403 SignatureDoesNotMatch). */
export function verifyPresignedRequests(accessKeyId: string, secretAccessKey: string): Middleware {
  return async (ctx, next) => {
    const signature = ctx.query['X-Amz-Signature'];
    // A browser's preflight carries the URL but is no request of the object's.
    if (ctx.method === 'OPTIONS' || typeof signature !== 'string' || (await expectedSignature(ctx, accessKeyId, secretAccessKey)) === signature) return next();
    ctx.status = 403;
    ctx.type = 'application/xml';
    ctx.body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message></Error>';
  };
}

/** The request signed again, as the SDK's S3 presigner signs: the same parameters, the headers it named, an unsigned payload. */
async function expectedSignature(ctx: KoaContext, accessKeyId: string, secretAccessKey: string): Promise<string | undefined> {
  const text = (name: string) => (typeof ctx.query[name] === 'string' ? (ctx.query[name] as string) : '');
  const [, date, region, service] = /^[^/]+\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/.exec(text('X-Amz-Credential')) ?? [];
  const signedAt = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text('X-Amz-Date'));
  if (!date || !region || !service || !signedAt) return undefined;
  const signedHeaders = text('X-Amz-SignedHeaders').split(';').filter(Boolean);
  // The presigner's marker of a payload it does not sign, hoisted into the query as it signs.
  const headers: Record<string, string> = { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' };
  for (const name of signedHeaders) headers[name] = [ctx.headers[name] ?? ''].flat().join(',');
  const query: Record<string, string | string[]> = {};
  // The signature, and the payload marker the signer hoists again from the header.
  for (const [name, value] of Object.entries(ctx.query)) if (name !== 'X-Amz-Signature' && name !== 'X-Amz-Content-Sha256' && value !== undefined) query[name] = value;
  const [, year, month, day, hour, minute, second] = signedAt.map(Number);
  const signer = new SignatureV4({ credentials: { accessKeyId, secretAccessKey }, region, service, sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const [hostname, port] = ctx.host.split(':');
  const presigned = await signer.presign(
    { method: ctx.method, protocol: 'http:', hostname: hostname!, ...(port && { port: Number(port) }), path: ctx.originalUrl.split('?')[0]!, query, headers },
    { signingDate: new Date(Date.UTC(year!, month! - 1, day, hour, minute, second)), expiresIn: Number(text('X-Amz-Expires')), signableHeaders: new Set(signedHeaders) },
  );
  return presigned.query?.['X-Amz-Signature'] as string | undefined;
}
