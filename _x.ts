import { readFileSync } from 'node:fs';
import { extractDocument, detectFormat } from './shared/extract/index.ts';
const b = readFileSync(process.argv[2]!);
const d = await extractDocument(b, detectFormat(b, process.argv[2]!), {});
for (const bl of d.blocks) if (bl.text.includes(process.argv[3]!)) console.log(JSON.stringify(bl));
