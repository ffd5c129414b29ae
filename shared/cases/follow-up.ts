// The follow-up of a case: is its document still there, and still the same? A crawled document
// is fetched again through the safe fetcher: gone (404, 410) means remediated; changed bytes are
// stored under crawled/ for the scan pipeline, whose findings then decide (no leak left:
// remediated); the same bytes are still exposed. An upload is looked up: deleted means
// remediated; a newer version is being scanned; the same version is still exposed.
import { type DocumentStore, crawledMetadata, crawledSha256, fetchedDocument } from '../crawl/crawl.ts';
import type { SafeFetcher } from '../crawl/fetcher.ts';
import type { StoredCase } from './model.ts';

export type Recheck =
  | { verdict: 'gone'; reason: string }
  | { verdict: 'exposed' }
  /** Changed, stored for a rescan, or unknown for now (unreachable site): nothing to decide yet. */
  | { verdict: 'pending'; reason: string };

export interface RecheckDeps {
  fetcher: SafeFetcher;
  documents: DocumentStore;
  /** The current version of an uploaded object, or null when it no longer exists. */
  currentVersion: (bucket: string, key: string) => Promise<string | null | undefined>;
  now: () => Date;
}

export async function recheck(stored: StoredCase, hosts: readonly string[], deps: RecheckDeps): Promise<Recheck> {
  const { document } = stored;
  if (document.origin === 'crawl' && document.sourceUrl) {
    const url = new URL(document.sourceUrl);
    const result = await deps.fetcher.fetch(url.href, new Set([...hosts, url.hostname]));
    if (result.outcome === 'http-error' && (result.status === 404 || result.status === 410)) return { verdict: 'gone', reason: `นำเอกสารออกจากเว็บไซต์แล้ว (HTTP ${result.status})` };
    if (result.outcome !== 'fetched') return { verdict: 'pending', reason: result.outcome === 'http-error' ? `HTTP ${result.status}` : 'reason' in result ? result.reason : result.outcome };
    const fetched = fetchedDocument(document.unitId, new URL(result.url), result.bytes, result.contentType);
    if (fetched.sha256 === crawledSha256(document.key)) return { verdict: 'exposed' };
    if (!fetched.key) return { verdict: 'gone', reason: 'ที่อยู่เดิมไม่ได้เผยแพร่เอกสารแล้ว' };
    await deps.documents.put(fetched.key, result.bytes, crawledMetadata(document.sourceUrl, deps.now().toISOString(), document.unitId), result.contentType);
    return { verdict: 'pending', reason: 'เอกสารเปลี่ยนแปลง ส่งสแกนใหม่แล้ว' };
  }
  const version = await deps.currentVersion(document.bucket, document.key);
  if (version === null) return { verdict: 'gone', reason: 'ลบเอกสารออกจากที่จัดเก็บแล้ว' };
  if (version !== document.versionId) return { verdict: 'pending', reason: 'มีฉบับใหม่ กำลังสแกน' };
  return { verdict: 'exposed' };
}
