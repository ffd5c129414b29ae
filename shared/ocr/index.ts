// Choosing the OCR engine by configuration.
import type { OcrEngine } from './engine.ts';
import { TesseractEngine } from './tesseract.ts';
import { TextractEngine } from './textract.ts';

export type OcrEngineName = 'tesseract' | 'textract' | 'none';
export const OCR_ENGINES: readonly OcrEngineName[] = ['tesseract', 'textract', 'none'];

export function createOcrEngine(name: OcrEngineName): OcrEngine | undefined {
  switch (name) {
    case 'tesseract':
      return new TesseractEngine();
    case 'textract':
      return new TextractEngine();
    case 'none':
      return undefined;
  }
}
