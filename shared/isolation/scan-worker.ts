// A worker process of the scan pool: reads and scans one document at a time. Whatever a document
// does to it (a decoder's segfault, an abort, running out of its memory, an error thrown where no
// one catches it) ends this process, never the pool's: the pool records it for that document.
import { readDocumentFile } from '../extract/document-file.ts';
import { DEFAULT_LIMITS } from '../extract/index.ts';
import { type Fingerprinter, fingerprinter } from '../fingerprint.ts';
import { type OcrEngine, OcrJobStarted, type OcrResult } from '../ocr/engine.ts';
import { createOcrEngine } from '../ocr/index.ts';
import type { KeepSide } from '../mask/x4.ts';
import { scanDocument, unscannable } from '../scan.ts';
import { isLeak } from '../types.ts';
import { type MaskedBytes, type PoolMessage, type RemoteOcr, type ScannedDocument, type WorkerMessage, fromWire } from './protocol.ts';

type ScanMessage = Extract<PoolMessage, { type: 'scan' }>;

const send = (message: WorkerMessage): void => {
  process.send!(message);
};

let fingerprint: Fingerprinter | undefined;
let ownOcr: OcrEngine | undefined;
let current: ScanMessage | undefined;

/** The pool's engine (Textract: it holds clients and job state), reached through the channel. */
const pending = new Map<number, { resolve: (result: never) => void; reject: (err: Error) => void }>();
let calls = 0;
const poolOcr = ({ readsPdfs }: RemoteOcr): OcrEngine => ({
  name: 'pool',
  recognize: (image) => callPool<OcrResult>('recognize', image),
  ...(readsPdfs && { recognizePdf: (pdf: Uint8Array) => callPool<OcrResult[]>('recognizePdf', pdf) }),
  close: async () => {},
});

function callPool<T>(method: 'recognize' | 'recognizePdf', image: Uint8Array): Promise<T> {
  const call = ++calls;
  return new Promise<T>((resolve, reject) => {
    pending.set(call, { resolve: resolve as (result: never) => void, reject });
    send({ type: 'ocr-call', call, method, image });
  });
}

async function scan(message: ScanMessage): Promise<void> {
  const { name, source, limits, remoteOcr, maskLeaks } = message;
  let result: ScannedDocument;
  try {
    const bytes = 'path' in source ? await readDocumentFile(source.path, limits.maxBytes ?? DEFAULT_LIMITS.maxBytes) : source.bytes;
    const ocr = remoteOcr ? poolOcr(remoteOcr) : ownOcr;
    result = await scanDocument(name, bytes, { fingerprint: fingerprint!, extraction: { limits, ocr } });
    if (maskLeaks && result.findings.some(isLeak)) result.maskedCopy = await maskedCopy(bytes, name, maskLeaks, ocr);
  } catch (err) {
    if (err instanceof OcrJobStarted) return send({ type: 'ocr-job-started', jobId: err.jobId });
    result = unscannable(name, err);
  }
  send({ type: 'done', result });
}

/** The masking code loads with the first check that needs it: a scan alone never pays for it. */
async function maskedCopy(bytes: Uint8Array, name: string, keep: KeepSide, ocr: OcrEngine | undefined): Promise<MaskedBytes> {
  const { maskVerified } = await import('../mask/index.ts');
  const verified = await maskVerified(bytes, name, keep, ocr);
  return verified.ok ? { ok: true, bytes: verified.bytes } : { ok: false, reason: verified.reason };
}

process.on('message', (message: PoolMessage) => {
  switch (message.type) {
    case 'init':
      fingerprint = fingerprinter(message.fingerprintKey);
      ownOcr = createOcrEngine(message.ocr);
      send({ type: 'ready' });
      return;
    case 'scan':
      current = message;
      void scan(message).finally(() => (current = undefined));
      return;
    case 'ocr-answer': {
      const call = pending.get(message.call);
      pending.delete(message.call);
      if (message.error) call?.reject(fromWire(message.error));
      else call?.resolve(message.result as never);
    }
  }
});

// An error thrown where nothing awaits it (a library's worker thread failing on a hostile image)
// is the document's error; the process may be in any state after it, so it ends.
const failDocument = (err: unknown): void => {
  if (!current) process.exit(70);
  const result = unscannable(current.name, err);
  process.send!({ type: 'done', result, final: true } satisfies WorkerMessage, () => process.exit(70));
};
process.on('uncaughtException', failDocument);
process.on('unhandledRejection', failDocument);
// The pool went away: so does its worker.
process.on('disconnect', () => process.exit());
