// Tesseract (tesseract.js: WebAssembly, no native binary, so it runs in Lambda as it runs here)
// with Thai and English models read from the registry packages that ship them: nothing is
// downloaded at run time.
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { OEM, PSM, createWorker, type Worker } from 'tesseract.js';
import type { OcrEngine, OcrResult } from './engine.ts';

const require = createRequire(import.meta.url);

const LANGUAGES = ['tha', 'eng'] as const;

/**
 * A directory with the LSTM "best_int" models (accurate, in integer form for speed) of every
 * language: $LEAKSCAN_TESSDATA where the deployment put them (the Lambda bundle), else gathered
 * once from the registry packages that ship them, since Tesseract reads all from one directory.
 */
async function languageDirectory(): Promise<string> {
  if (process.env.LEAKSCAN_TESSDATA) return process.env.LEAKSCAN_TESSDATA;
  const dir = join(tmpdir(), 'leakscan-tessdata-4.0.0_best_int');
  await mkdir(dir, { recursive: true });
  for (const lang of LANGUAGES) {
    const target = join(dir, `${lang}.traineddata.gz`);
    const source = join(dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), '4.0.0_best_int', `${lang}.traineddata.gz`);
    const [have, want] = await Promise.all([stat(target).catch(() => undefined), stat(source)]);
    if (have?.size !== want.size) await copyFile(source, target);
  }
  return dir;
}

export class TesseractEngine implements OcrEngine {
  readonly name = 'tesseract';
  private worker: Promise<Worker> | undefined;

  private start(): Promise<Worker> {
    return (this.worker ??= (async () => {
      const langPath = await languageDirectory();
      const worker = await createWorker([...LANGUAGES], OEM.LSTM_ONLY, { langPath, cacheMethod: 'none', gzip: true });
      await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO, preserve_interword_spaces: '1', debug_file: '/dev/null' });
      return worker;
    })());
  }

  async recognize(image: Uint8Array): Promise<OcrResult> {
    const worker = await this.start();
    const { data } = await worker.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength), {}, { blocks: true, text: true });
    const lines = (data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines.map((l) => ({ text: l.text.replace(/\n$/, ''), confidence: l.confidence }))));
    return { lines };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await (await worker).terminate();
  }
}
