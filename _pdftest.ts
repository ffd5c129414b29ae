import { readFileSync } from 'node:fs';
import { openPdf, pdfPages } from './shared/extract/pdf.ts';
const doc = await openPdf(readFileSync(process.argv[2]!));
for (const p of await pdfPages(doc, { maxPages: 100 })) console.log(`--- page ${p.page}\n${p.text}`);
