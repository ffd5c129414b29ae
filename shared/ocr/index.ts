// Choosing the OCR engine by configuration. An engine's code (Tesseract's WebAssembly and the
// number model, or the AWS SDK's Textract client) loads on the first page it reads: a scan of
// text documents, and every process that only might meet a scan, starts without it.
import type { OcrEngine, OcrResult } from './engine.ts';

export type OcrEngineName = 'tesseract' | 'textract' | 'none';
export const OCR_ENGINES: readonly OcrEngineName[] = ['tesseract', 'textract', 'none'];

const ENGINE_LOADERS: Record<Exclude<OcrEngineName, 'none'>, () => Promise<OcrEngine>> = {
  tesseract: async () => new (await import('./tesseract.ts')).TesseractEngine(),
  textract: async () => new (await import('./textract.ts')).TextractEngine(),
};

export function createOcrEngine(name: OcrEngineName): OcrEngine | undefined {
  return name === 'none' ? undefined : loadedOnFirstUse(name, ENGINE_LOADERS[name]);
}

function loadedOnFirstUse(name: string, load: () => Promise<OcrEngine>): OcrEngine {
  let engine: Promise<OcrEngine> | undefined;
  return {
    name,
    recognize: async (image: Uint8Array): Promise<OcrResult> => (await (engine ??= load())).recognize(image),
    // An engine that failed to load has nothing to close; its error went to the page that asked.
    close: async () => (await engine?.catch(() => undefined))?.close(),
  };
}
