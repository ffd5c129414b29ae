// A finding is identified across documents, scans and services by a keyed fingerprint, so that
// the same citizen's number can be counted and followed without ever storing the number.
import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IdentifierType } from './types.ts';

export type Fingerprinter = (type: IdentifierType, normalized: string) => string;

/** hex HMAC-SHA256(key, "<type>:<normalized>") */
export function fingerprinter(key: string): Fingerprinter {
  if (!key) throw new Error('the fingerprint key is empty');
  // A KeyObject is imported once, not on every call.
  const secret = createSecretKey(Buffer.from(key, 'utf8'));
  return (type, normalized) => createHmac('sha256', secret).update(`${type}:${normalized}`).digest('hex');
}

export const DEFAULT_STATE_DIR = '.leakscan';

/**
 * $LEAKSCAN_FINGERPRINT_KEY when set; otherwise a key generated once and kept in the local state
 * directory, so that local runs give stable fingerprints without any configuration.
 */
export function resolveFingerprintKey(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.LEAKSCAN_FINGERPRINT_KEY;
  if (fromEnv) return fromEnv;
  const dir = env.LEAKSCAN_STATE_DIR || DEFAULT_STATE_DIR;
  const file = join(dir, 'fingerprint.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  // 'wx' fails if another process created the key meanwhile: then use theirs.
  try {
    writeFileSync(file, key + '\n', { flag: 'wx', mode: 0o600 });
    return key;
  } catch {
    return readFileSync(file, 'utf8').trim();
  }
}
