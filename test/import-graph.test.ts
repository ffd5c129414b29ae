// The layers, read from the import graph esbuild resolves (type-only imports load nothing and are
// not in it): the domain core loads no AWS code, only the adapters load the AWS SDK, and the
// command line loads readers, OCR and AWS code only when a command needs them.
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SOURCES = ['shared', 'functions', 'cli', 'local'];

const sourceFiles = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });

interface Edge {
  from: string;
  to: string;
  /** Loaded when the module is (import-statement), or when the code asks (dynamic-import). */
  kind: string;
}

async function importGraph(): Promise<Edge[]> {
  const { metafile } = await build({
    absWorkingDir: ROOT,
    entryPoints: SOURCES.flatMap(sourceFiles),
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    write: false,
    outdir: 'out',
    metafile: true,
    logLevel: 'silent',
    splitting: true,
  });
  return Object.entries(metafile.inputs).flatMap(([from, { imports }]) => imports.map(({ path, kind }) => ({ from, to: path.startsWith('/') ? relative(ROOT, path) : path, kind })));
}

const graph = await importGraph();
const isSdk = (to: string) => to.startsWith('@aws-sdk/');
const SDK_ADAPTERS = [/^shared\/aws\//, /^shared\/ocr\/textract\.ts$/, /^infra\//];

/** What `entry` loads before any of its code runs: static imports, followed through our modules. */
function loadedAtStart(entry: string): Set<string> {
  const loaded = new Set<string>([entry]);
  const pending = [entry];
  while (pending.length > 0) {
    const from = pending.pop()!;
    for (const edge of graph.filter((e) => e.from === from && e.kind === 'import-statement' && !loaded.has(e.to))) {
      loaded.add(edge.to);
      pending.push(edge.to);
    }
  }
  return loaded;
}

describe('the import graph', () => {
  it('is read: it holds the modules of every layer', () => {
    expect(graph.length).toBeGreaterThan(200);
    expect(graph.some((e) => e.from === 'shared/scan.ts' && e.to === 'shared/detect/detect.ts')).toBe(true);
  });

  it('keeps the case rules and the rest of the domain core out of the AWS adapters', () => {
    const core = graph.filter((e) => e.from.startsWith('shared/') && !e.from.startsWith('shared/aws/') && e.from !== 'shared/ocr/textract.ts');
    expect(core.filter((e) => e.to.startsWith('shared/aws/') || isSdk(e.to))).toEqual([]);
    expect(graph.filter((e) => e.from.startsWith('shared/cases/') && e.to.startsWith('shared/aws/'))).toEqual([]);
  });

  it('loads the AWS SDK only in shared/aws, the Textract engine and infra', () => {
    expect(graph.filter((e) => isSdk(e.to) && !SDK_ADAPTERS.some((allowed) => allowed.test(e.from)))).toEqual([]);
  });

  it('starts the command line and a scan worker without readers, OCR or AWS code', () => {
    const heavy = /^(@aws-sdk\/|tesseract\.js|onnxruntime-node|pdfjs-dist|mupdf|@napi-rs\/canvas|@e965\/xlsx|word-extractor)/;
    for (const entry of ['cli/main.ts', 'cli/scan-command.ts', 'shared/isolation/scan-worker.ts']) {
      expect(
        [...loadedAtStart(entry)].filter((m) => heavy.test(m)),
        entry,
      ).toEqual([]);
    }
  });
});
