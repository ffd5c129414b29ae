// Every document is read in a worker process of its own (as Apache Tika's forked parser and
// browsers' sandboxed decoders do): a decoder's segfault, an abort, memory a document exhausts or
// a parse that never ends kills that worker only, and is recorded for that document with a code;
// the next document gets a fresh worker. Workers are kept warm between documents, so that a
// directory of small files pays for starting them once.
//
// The bounds are the operating system's, not promises racing: a worker's memory is its data
// segment (RLIMIT_DATA, which counts V8's heap, WebAssembly memories and native allocations alike,
// so an allocation past it fails instead of growing), V8's heap a share of it; the deadline and
// the processor time are watched from here and end the worker with SIGKILL, which no loop in it
// can ignore.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ScanError, type ScanErrorCode } from '../errors.ts';
import type { ExtractionLimits } from '../extract/index.ts';
import type { OcrEngine, OcrResult } from '../ocr/engine.ts';
import { unscannable } from '../scan.ts';
import type { KeepSide } from '../mask/x4.ts';
import { type DocumentSource, type PoolMessage, type ScannedDocument, type WorkerMessage, type WorkerOcr, fromWire, toWire } from './protocol.ts';

export interface WorkerLimits {
  /** Longest a document may take, by the clock. */
  timeoutMs: number;
  /** Most processor time a document may use, all of its worker's threads together. */
  cpuTimeMs: number;
  /** Most memory a worker may hold: heap, WebAssembly and native allocations together. */
  memoryBytes: number;
}

export const DEFAULT_WORKER_LIMITS: WorkerLimits = {
  timeoutMs: 120_000,
  cpuTimeMs: 240_000,
  // Measured: OCR of a 300 dpi scanned page holds about 1.2 GB (two Tesseract threads, the page).
  memoryBytes: 3 * 1024 ** 3,
};

/** V8's heap is this share of a worker's memory; the rest is for WebAssembly, images and native code. */
const HEAP_SHARE = 0.6;

/** A worker holding more than this share of its memory after a document is replaced: leaks do not pile up. */
const WORN_SHARE = 0.5;

/** How often a busy worker's processor time is read. */
const WATCH_INTERVAL_MS = 500;

export interface ScanPoolOptions {
  fingerprintKey: string;
  /** The engine each worker runs for scanned pages and images. */
  ocr: WorkerOcr;
  /** Workers kept warm, and so documents read at once (default: one per processor). */
  size?: number;
  limits?: Partial<ExtractionLimits & WorkerLimits>;
  /** The worker's script (default: $LEAKSCAN_SCAN_WORKER in a deployment, else scan-worker.ts beside this file). */
  workerScript?: string;
}

export interface ScanRequest {
  /** The document's name in the result (its path, or its key in the bucket). */
  name: string;
  source: DocumentSource;
  /**
   * An engine in this process that the worker calls instead of its own: one that decodes nothing
   * (Textract sends the bytes to AWS) and holds what a worker must not (clients, job state).
   */
  ocr?: OcrEngine;
  /** When the document leaks, an X4-masked copy too, keeping this side of each number (a check's, for the clerk). */
  maskLeaks?: KeepSide;
}

export interface PoolStats {
  workersStarted: number;
  /** The most memory any worker held (VmHWM), as read while it worked. */
  peakWorkerRssBytes: number;
}

export class ScanPool {
  private readonly size: number;
  private readonly limits: Partial<ExtractionLimits> & WorkerLimits;
  private readonly idle: DocumentWorker[] = [];
  private readonly waiting: Array<(worker: DocumentWorker) => void> = [];
  private live = 0;
  private closed = false;
  readonly stats: PoolStats = { workersStarted: 0, peakWorkerRssBytes: 0 };

  constructor(private readonly options: ScanPoolOptions) {
    this.size = Math.max(1, options.size ?? availableParallelism());
    this.limits = { ...DEFAULT_WORKER_LIMITS, ...options.limits };
  }

  /** The document's result; rejects only when no worker can be started at all. */
  async scan(request: ScanRequest): Promise<ScannedDocument> {
    if (this.closed) throw new Error('the scan pool is closed');
    const worker = await this.acquire();
    try {
      return await worker.scan(request);
    } finally {
      this.release(worker);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.idle.splice(0).map((w) => w.stop()));
  }

  private acquire(): Promise<DocumentWorker> {
    // A worker may have died idle (killed from outside): it is counted out, not handed a document.
    for (let worker = this.idle.pop(); worker; worker = this.idle.pop()) {
      if (worker.alive) return Promise.resolve(worker.hold(true));
      this.live--;
    }
    if (this.live < this.size) return Promise.resolve(this.start());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: DocumentWorker): void {
    const reusable = worker.usable(WORN_SHARE * this.limits.memoryBytes);
    if (!reusable) {
      this.live--;
      void worker.stop();
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter(reusable ? worker : this.start());
    else if (reusable && !this.closed) this.idle.push(worker.hold(false));
    else if (reusable) void worker.stop();
  }

  private start(): DocumentWorker {
    this.live++;
    this.stats.workersStarted++;
    return new DocumentWorker(this.options, this.limits, this.stats);
  }
}

/** The worker's script: the bundled JavaScript in a deployment, else the TypeScript beside this file through tsx. */
function workerCommand(given: string | undefined): string[] {
  const script = given ?? process.env.LEAKSCAN_SCAN_WORKER ?? fileURLToPath(new URL('./scan-worker.ts', import.meta.url));
  if (!script.endsWith('.ts')) return [script];
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, script];
}

interface Job {
  request: ScanRequest;
  resolve: (result: ScannedDocument) => void;
  reject: (err: Error) => void;
  /** Why the pool ended the worker, when it did. */
  verdict?: ScanError;
}

/** One worker process and the document it reads. */
class DocumentWorker {
  private readonly child: ChildProcess;
  private readonly ready: Promise<void>;
  private job: Job | undefined;
  private exited = false;
  private retiring = false;
  /** The end of what the worker wrote on stderr: how it died (never shown: it may quote a document). */
  private stderr = '';

  constructor(
    options: ScanPoolOptions,
    private readonly limits: Partial<ExtractionLimits> & WorkerLimits,
    private readonly stats: PoolStats,
  ) {
    const heapMb = Math.floor((limits.memoryBytes * HEAP_SHARE) / 1024 ** 2);
    // The shell sets the limit and becomes node (exec): the limit binds the worker and nothing else.
    this.child = spawn(
      '/bin/sh',
      ['-c', 'ulimit -d "$0" && exec "$@"', String(Math.floor(limits.memoryBytes / 1024)), process.execPath, `--max-old-space-size=${heapMb}`, ...workerCommand(options.workerScript)],
      // Libraries print warnings on stdout, which is the report's: a worker's is dropped.
      { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' },
    );
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4096)));
    this.ready = new Promise((resolve, reject) => {
      this.child.on('message', (message: WorkerMessage) => (message.type === 'ready' ? resolve() : this.onMessage(message)));
      this.child.on('exit', (code, signal) => {
        this.exited = true;
        const error = this.stderr.split('\n').findLast((line) => /\w*Error\b/.test(line)) ?? '';
        reject(new Error(`a scan worker could not start (${signal ?? `exit ${code}`}) ${error}`.trim()));
        this.onExit(code, signal);
      });
      this.child.on('error', reject);
    });
    // Awaited by the first document; a worker that dies idle must not be an unhandled rejection.
    this.ready.catch(() => {});
    this.send({ type: 'init', fingerprintKey: options.fingerprintKey, ocr: options.ocr });
  }

  async scan(request: ScanRequest): Promise<ScannedDocument> {
    await this.ready;
    const started = processTimes(this.child.pid!);
    return new Promise<ScannedDocument>((resolve, reject) => {
      const job: Job = { request, resolve, reject };
      this.job = job;
      const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
      const deadline = setTimeout(() => this.end(job, 'timeout', `reading the document took longer than ${seconds(this.limits.timeoutMs)}`), this.limits.timeoutMs);
      const watch = setInterval(() => {
        const now = this.recordPeak();
        if (!now || !started) return;
        if (now.cpuMs - started.cpuMs > this.limits.cpuTimeMs) this.end(job, 'timeout', `reading the document used more than ${seconds(this.limits.cpuTimeMs)} of processor time`);
      }, WATCH_INTERVAL_MS);
      const settle = () => {
        clearTimeout(deadline);
        clearInterval(watch);
        this.recordPeak();
        if (this.job === job) this.job = undefined;
      };
      job.resolve = (result) => (settle(), resolve(result));
      job.reject = (err) => (settle(), reject(err));
      const remoteOcr = request.ocr && { remoteOcr: { readsPdfs: Boolean(request.ocr.recognizePdf) } };
      this.send({ type: 'scan', name: request.name, source: request.source, limits: this.limits, ...remoteOcr, ...(request.maskLeaks && { maskLeaks: request.maskLeaks }) });
    });
  }

  /**
   * Whether the worker keeps this process alive: while it reads, yes; idle, no, so that a program
   * (a local server stopping on Ctrl-C) ends when its own work does, and its idle workers with it.
   */
  hold(busy: boolean): this {
    for (const handle of [this.child, this.child.channel, this.child.stderr as Socket | null]) {
      if (busy) handle?.ref();
      else handle?.unref();
    }
    return this;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Whether the next document may have this worker: alive and not grown past `maxRssBytes`. */
  usable(maxRssBytes: number): boolean {
    return this.alive && !this.retiring && (processTimes(this.child.pid!)?.rssBytes ?? 0) <= maxRssBytes;
  }

  stop(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      // A worker that does not leave when told is ended.
      const kill = setTimeout(() => this.child.kill('SIGKILL'), 2000);
      this.child.once('exit', () => clearTimeout(kill));
      if (this.child.connected) this.child.disconnect();
      else this.child.kill('SIGKILL');
    });
  }

  /** The worker's processor time and memory now, its peak memory kept in the pool's figures. */
  private recordPeak(): ReturnType<typeof processTimes> {
    const now = processTimes(this.child.pid!);
    if (now) this.stats.peakWorkerRssBytes = Math.max(this.stats.peakWorkerRssBytes, now.peakRssBytes);
    return now;
  }

  private send(message: PoolMessage): void {
    if (this.child.connected) this.child.send(message);
  }

  private end(job: Job, code: ScanErrorCode, message: string): void {
    job.verdict = new ScanError(code, message);
    this.child.kill('SIGKILL');
  }

  private onMessage(message: WorkerMessage): void {
    const job = this.job;
    if (!job) return;
    switch (message.type) {
      case 'done':
        // A worker that failed in a way that may leave it broken says so, and is not reused.
        if (message.final) this.retiring = true;
        return job.resolve(message.result);
      case 'ocr-job-started':
        return job.reject(fromWire({ name: 'OcrJobStarted', message: '', jobId: message.jobId }));
      case 'ocr-call':
        return void this.answerOcr(job.request.ocr, message);
    }
  }

  private async answerOcr(engine: OcrEngine | undefined, { call, method, image }: Extract<WorkerMessage, { type: 'ocr-call' }>): Promise<void> {
    try {
      if (!engine || (method === 'recognizePdf' && !engine.recognizePdf)) throw new ScanError('ocr_unavailable', 'the OCR engine cannot read this');
      const result: OcrResult | OcrResult[] = method === 'recognize' ? await engine.recognize(image) : await engine.recognizePdf!(image);
      this.send({ type: 'ocr-answer', call, result });
    } catch (err) {
      this.send({ type: 'ocr-answer', call, error: toWire(err) });
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    const job = this.job;
    if (!job) return;
    job.resolve(unscannable(job.request.name, job.verdict ?? this.cause(code, signal)));
  }

  /** Why a worker died under a document it was reading. */
  private cause(code: number | null, signal: NodeJS.Signals | null): ScanError {
    if (/out of memory|allocation failed|cannot allocate memory|bad_alloc/i.test(this.stderr)) {
      return new ScanError('too_large', `reading the document needed more than the ${Math.round(this.limits.memoryBytes / 1024 ** 2)} MB of memory a document may use`);
    }
    return new ScanError('crashed', `the document's reader crashed (${signal ?? `exit code ${code}`}); the document may be damaged or hostile`);
  }
}

/** A live process's processor time and memory, from /proc (Linux: clock ticks of 1/100 s). */
function processTimes(pid: number): { cpuMs: number; rssBytes: number; peakRssBytes: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { cpuMs: (Number(fields[11]) + Number(fields[12])) * 10, rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM') };
  } catch {
    return undefined;
  }
}
