// What the check API accepts from a clerk, whoever verified the clerk's token (API Gateway's JWT
// authorizer in AWS, the local stand-in on this machine): the clerk's unit from the token's claims,
// and a new check's declared file. Refusals carry an HTTP status and a code the clerk page
// translates; their messages name no value a clerk sent but the file's size and type.
import { DEFAULT_LIMITS } from '../extract/limits.ts';
import { CHECK_ID, UNIT_ID } from '../findings-message.ts';

export type RefusalCode = 'unauthorized' | 'forbidden' | 'bad_request' | 'too_large' | 'unsupported_type' | 'not_found' | 'no_masked_copy';

const STATUS: Record<RefusalCode, number> = { unauthorized: 401, forbidden: 403, bad_request: 400, too_large: 413, unsupported_type: 415, not_found: 404, no_masked_copy: 409 };

export class Refusal extends Error {
  readonly status: number;
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

/** The attribute the PDPC administrator sets on each clerk's account: the one unit whose checks the clerk may make and read. */
export const UNIT_CLAIM = 'custom:unit';

export interface Clerk {
  unitId: string;
  /** The account (the token's `sub`), for the log. */
  subject: string;
}

/**
 * The clerk a verified token's claims describe. It must be an ID token (the one that carries the
 * unit attribute), say that the sign-in used a second factor (`amr` holds `mfa`, as Cognito writes
 * it), and name a valid unit.
 */
export function clerkOf(claims: Record<string, unknown>): Clerk {
  if (claims.token_use !== 'id') throw new Refusal('unauthorized', 'an ID token is required');
  if (!authenticationMethods(claims.amr).includes('mfa')) throw new Refusal('forbidden', 'the sign-in did not use a second factor (MFA)');
  const unitId = claims[UNIT_CLAIM];
  if (typeof unitId !== 'string' || !UNIT_ID.test(unitId)) throw new Refusal('forbidden', 'the account is tied to no unit: ask the PDPC administrator to set its unit');
  return { unitId, subject: String(claims.sub ?? '') };
}

/** `amr` as an array (a JWT), or as API Gateway's JWT authorizer hands array claims to a function: "[pwd otp mfa]". */
function authenticationMethods(amr: unknown): string[] {
  if (Array.isArray(amr)) return amr.map(String);
  if (typeof amr !== 'string') return [];
  return amr
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/** The largest file a clerk may check: the largest the scanner reads. */
export const MAX_CHECK_BYTES = DEFAULT_LIMITS.maxBytes;

/**
 * The content types a check's upload may declare: those of the formats the scanner reads, and
 * application/octet-stream (a browser's type for a file it does not know). The upload must then
 * carry the type it declared (it is signed into the URL).
 */
export const CHECK_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'application/octet-stream',
  'text/plain',
  'text/csv',
  'text/html',
  'application/xhtml+xml',
  'application/pdf',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/zip',
  'application/x-zip-compressed',
  'image/png',
  'image/jpeg',
  'image/tiff',
  'image/gif',
  'image/webp',
  'image/bmp',
]);

export interface NewCheck {
  fileName: string;
  contentType: string;
  size: number;
}

/** A new check's declared file, from the request's JSON body. */
export function newCheckOf(body: unknown): NewCheck {
  const { fileName, contentType, size } = (body ?? {}) as Record<string, unknown>;
  if (typeof fileName !== 'string' || fileName.trim() === '' || fileName.length > 255) throw new Refusal('bad_request', 'fileName must be a file name of 1–255 characters');
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) throw new Refusal('bad_request', 'size must be the file size in bytes, at least 1');
  if (size > MAX_CHECK_BYTES) throw new Refusal('too_large', `the file is ${size} bytes; a check takes at most ${MAX_CHECK_BYTES} bytes (${MAX_CHECK_BYTES / 1024 ** 2} MB)`);
  // Parameters (charset) do not change what the file is.
  const type = typeof contentType === 'string' ? contentType.split(';')[0]!.trim().toLowerCase() : '';
  if (!CHECK_CONTENT_TYPES.has(type)) throw new Refusal('unsupported_type', `files of type "${type.slice(0, 100)}" cannot be checked: send a document, spreadsheet, PDF, web page or image`);
  return { fileName, contentType: type, size };
}

/** A check ID from a request's path: not found when it is not one (it names nothing). */
export function checkIdOf(value: string | undefined): string {
  if (!value || !CHECK_ID.test(value)) throw new Refusal('not_found', 'no such check');
  return value;
}
