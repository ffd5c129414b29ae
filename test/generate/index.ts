// generateDocument(seed, format): a random agency document with its labels (generateScan: the
// same, scanned). The seed decides everything, so the same seed always gives the same bytes and
// labels.
import { type DocumentKind, KINDS, documentBlocks } from './documents.ts';
import { Ctx, type Format, FORMATS, type GeneratedDocument, type Hiding } from './model.ts';
import { pdfCanWrite, pdfFile, pdfUnavailable } from './pdf.ts';
import { Rng } from './random.ts';
import { type TextEncoding, csv, docxFile, encodable, html, txt, xlsxFile } from './writers.ts';

export { FORMATS, type Format, type GeneratedDocument, pdfUnavailable };
export { type Point, type Region, SCAN_FORMATS, type ScanFormat, type ScanOptions, type ScannedDocument, generateScan, scanUnavailable } from './scan.ts';

const HIDINGS: Record<Format, Hiding[]> = {
  txt: [],
  csv: [],
  pdf: [],
  html: ['html-comment', 'html-display-none', 'html-data-attribute'],
  docx: ['docx-vanish', 'docx-comment'],
  xlsx: ['xlsx-hidden-sheet', 'xlsx-hidden-row', 'xlsx-comment'],
};

export function generateDocument(seed: number, format: Format): GeneratedDocument {
  if (format === 'pdf' && pdfUnavailable) throw new Error(`cannot generate PDFs: ${pdfUnavailable}`);
  // One stream per (seed, format): the same seed gives unrelated documents in each format.
  const rng = new Rng((seed * 7919 + FORMATS.indexOf(format) * 104_729) >>> 0);
  const encoding: TextEncoding = format === 'txt' || format === 'csv' ? rng.weighted({ 'utf-8': 55, 'utf-8-bom': 15, 'utf-16le': 12, 'windows-874': 18 }) : 'utf-8';
  const canWrite = format === 'pdf' ? pdfCanWrite : encodable(encoding);
  const ctx = new Ctx(rng, format, canWrite, HIDINGS[format]);
  const kind: DocumentKind = rng.pick(KINDS);
  const formatTags = [`format:${format}`, `doc:${kind}`, ...(encoding !== 'utf-8' ? [`encoding:${encoding}`] : [])];
  const blocks = ctx.within(formatTags, () => documentBlocks(ctx, kind));
  const bytes = (() => {
    switch (format) {
      case 'txt':
        return txt(blocks, encoding);
      case 'csv':
        return csv(blocks, encoding, rng.pick([',', ',', ';', '\t']), rng.chance(0.3));
      case 'html':
        return html(blocks);
      case 'docx':
        return docxFile(blocks);
      case 'xlsx':
        return xlsxFile(blocks);
      case 'pdf':
        return pdfFile(blocks);
    }
  })();
  return { name: `gen-${seed}-${kind}.${format}`, format, bytes, labels: ctx.labels() };
}
