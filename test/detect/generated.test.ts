// Property tests over generated agency documents (test/generate/): in every format, every
// labelled leak is found with its status and fingerprint, and no leak is reported that is not
// labelled. Also: the generator is deterministic and its labels are right about what they say.
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../shared/extract/encoding.ts';
import { isProvinceCode, isValidNationalId } from '../../shared/detect/national-id.ts';
import { phoneKind } from '../../shared/detect/written-forms.ts';
import { FORMATS, type Format, generateDocument, pdfUnavailable } from '../generate/index.ts';
import { scoreDocument, visible } from '../generate/score.ts';

const DOCS_PER_FORMAT = 30;
const seeds = (format: Format) => Array.from({ length: DOCS_PER_FORMAT }, (_, i) => 10_000 + i * 31 + FORMATS.indexOf(format));

describe.each(FORMATS)('generated %s documents', (format) => {
  const skip = format === 'pdf' && pdfUnavailable;
  it.skipIf(skip)(
    `finds every labelled leak and nothing else (${DOCS_PER_FORMAT} documents)${skip ? `: skipped, ${pdfUnavailable}` : ''}`,
    async () => {
      const failures: string[] = [];
      for (const seed of seeds(format)) {
        const score = await scoreDocument(generateDocument(seed, format));
        if (score.error) failures.push(`${score.document}: ${score.error}`);
        for (const m of score.misses) failures.push(`${m.kind} ${m.type}/${m.status} in ${m.document} [${m.tags.join(', ')}]: ${visible(m.context)}`);
      }
      expect(failures).toEqual([]);
    },
    60_000,
  );
});

describe('the generator', () => {
  it.each(FORMATS.filter((f) => f !== 'pdf' || !pdfUnavailable))('gives the same %s bytes and labels for the same seed', (format) => {
    for (const seed of [1, 2, 3]) {
      const a = generateDocument(seed, format);
      const b = generateDocument(seed, format);
      expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
      expect(a.labels).toEqual(b.labels);
    }
    expect(Buffer.from(generateDocument(1, format).bytes).equals(Buffer.from(generateDocument(2, format).bytes))).toBe(false);
  });

  it('labels what it says: check digits, ID shape, phone plan, laser shape, mask status', () => {
    for (const format of FORMATS.filter((f) => f !== 'pdf' || !pdfUnavailable)) {
      for (let seed = 0; seed < 40; seed++) {
        const { labels } = generateDocument(seed, format);
        for (const f of labels.findings) {
          const masked = [...(f.type === 'laser_code' ? f.value.slice(2) : f.value)].filter((c) => c === 'X').length;
          expect(f.status).toBe(masked === 0 ? 'unmasked' : masked <= 3 ? 'insufficient' : 'masked');
          if (f.type === 'national_id') {
            expect(f.value).toMatch(/^[0-9X]{13}$/);
            if (masked === 0) expect(isValidNationalId(f.value)).toBe(f.checksum_valid);
            if (f.checksum_valid === false) expect(f.tags.some((t) => t.startsWith('label:'))).toBe(true);
            if (f.value[0] !== 'X') expect(f.value[0]).toMatch(/[1-8]/);
            if (!f.value.slice(1, 3).includes('X')) expect(isProvinceCode(Number(f.value.slice(1, 3)))).toBe(true);
          } else if (f.type === 'phone') {
            expect(phoneKind(f.value)).toBe(f.tags.includes('type:mobile') ? 'mobile' : 'landline');
          } else {
            expect(f.value).toMatch(/^[A-Z]{2}[0-9X]{10}$/);
          }
        }
        for (const d of labels.decoys) {
          if (d.kind === 'company-tax-id') expect(d.value[0] === '0' && isValidNationalId(d.value)).toBe(true);
          if (d.kind === 'ean13') expect(d.value).toMatch(/^885\d{10}$/);
        }
      }
    }
  });

  it('writes every labelled digit into the text it labels', () => {
    const digits = (s: string) => s.replace(/[\u0E50-\u0E59\uFF10-\uFF19]/g, (d) => String(d.charCodeAt(0) & 0xf)).replace(/[^0-9]/g, '');
    for (let seed = 0; seed < 40; seed++) {
      const doc = generateDocument(seed, 'txt');
      const text = digits(decodeText(doc.bytes));
      for (const f of doc.labels.findings) {
        const visibleDigits = (f.type === 'laser_code' ? f.value.slice(2) : f.value).replace(/X/g, '');
        // International phones drop the leading 0; wrapped table cells put other columns between.
        if (f.tags.some((t) => t.startsWith('phone:international') || t === 'break:line')) continue;
        expect(text, `${doc.name} ${f.value}`).toContain(digits(visibleDigits));
      }
    }
  });
});
