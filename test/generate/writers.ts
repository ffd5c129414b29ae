// Writers from blocks to bytes for the six formats. They only lay out what the document kinds
// decided (table style, hiding); all chance is spent before, in the generator.
import iconv from 'iconv-lite';
import { docx, docxXml, workbook, type SheetSpec } from '../extract/fixtures.ts';
import type { Block, Cell, Hiding } from './model.ts';
import { SPACED_END, SPACED_START } from './model.ts';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'windows-874';

const plain = (s: string) => s.replaceAll(SPACED_START, '').replaceAll(SPACED_END, '');

export function encode(text: string, encoding: TextEncoding): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.from('\uFEFF' + text, 'utf8');
    case 'utf-16le':
      return Buffer.from('\uFEFF' + text, 'utf16le');
    case 'windows-874':
      return iconv.encode(text, 'windows-874');
  }
}

/** Whether an encoding can carry a character (the legacy Thai code page cannot carry most). */
export function encodable(encoding: TextEncoding): (ch: string) => boolean {
  if (encoding !== 'windows-874') return () => true;
  return (ch) => iconv.decode(iconv.encode(ch, 'windows-874'), 'windows-874') === ch;
}

/** A table row as physical lines: a cell that wraps continues on the next line, in its column. */
function rowLines(cells: readonly string[]): string[][] {
  const split = cells.map((c) => c.split('\n'));
  const height = Math.max(...split.map((s) => s.length));
  return Array.from({ length: height }, (_, i) => split.map((s) => s[i] ?? ''));
}

const width = (s: string) => [...s.replace(/[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')].length;

function textTable(header: string[], rows: Cell[][], style: 'pipes' | 'tabs' | 'fixed'): string[] {
  const all = [header, ...rows.map((r) => r.map((c) => c.text))];
  const lines = all.flatMap(rowLines);
  if (style === 'pipes') return lines.map((l) => '| ' + l.join(' | ') + ' |');
  if (style === 'tabs') return lines.map((l) => l.join('\t'));
  const widths = header.map((_, i) => Math.max(...lines.map((l) => width(l[i] ?? ''))) + 2);
  return lines.map((l) =>
    l
      .map((c, i) => c + ' '.repeat(widths[i]! - width(c)))
      .join('')
      .trimEnd(),
  );
}

export function txt(blocks: readonly Block[], encoding: TextEncoding): Uint8Array {
  const lines: string[] = [];
  for (const b of blocks) {
    if (b.kind === 'heading' || b.kind === 'para') lines.push(b.text);
    else if (b.kind === 'list') lines.push(...b.items);
    else if (b.kind === 'boxes') lines.push(b.label, b.cells.join(' '));
    else lines.push('', ...textTable(b.header, b.rows, b.style === 'native' || b.style === 'columns' ? 'pipes' : b.style), '');
  }
  return encode(plain(lines.join('\n') + '\n'), encoding);
}

/** Blocks as spreadsheet rows: text blocks in the first column, tables as they are. */
function sheetRows(blocks: readonly Block[]): Array<{ cells: Cell[]; hidden: boolean; block: Block }> {
  const rows: Array<{ cells: Cell[]; hidden: boolean; block: Block }> = [];
  const text = (block: Block, t: string) => rows.push({ cells: [{ text: t }], hidden: false, block });
  for (const b of blocks) {
    if (b.kind === 'heading' || b.kind === 'para') text(b, b.text);
    else if (b.kind === 'list') b.items.forEach((i) => text(b, i));
    else if (b.kind === 'boxes') {
      text(b, b.label);
      rows.push({ cells: b.cells.map((c) => ({ text: c })), hidden: false, block: b });
    } else {
      rows.push({ cells: b.header.map((h) => ({ text: h })), hidden: false, block: b });
      b.rows.forEach((r, i) => rows.push({ cells: r, hidden: b.hiddenRows?.includes(i) ?? false, block: b }));
    }
  }
  return rows;
}

export function csv(blocks: readonly Block[], encoding: TextEncoding, delimiter: string, quoteAll: boolean): Uint8Array {
  const quote = (s: string) => (quoteAll || s.includes(delimiter) || /["\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = sheetRows(blocks).map((r) => r.cells.map((c) => quote(plain(c.text))).join(delimiter));
  return encode(lines.join('\r\n') + '\r\n', encoding);
}

const escapeXml = (s: string) => plain(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const htmlText = (s: string) => escapeXml(s).replaceAll('\n', '<br>');

function htmlHidden(how: Hiding | undefined, inner: string, raw: string): string {
  if (how === 'html-comment') return `<!-- ${plain(raw).replaceAll('--', '- -')} -->`;
  if (how === 'html-display-none') return `<div style="display:none">${inner}</div>`;
  if (how === 'html-data-attribute') return `<span data-contact="${escapeXml(raw)}"></span>`;
  return inner;
}

export function html(blocks: readonly Block[]): Uint8Array {
  const body = blocks.map((b) => {
    if (b.kind === 'heading') return `<h2>${htmlText(b.text)}</h2>`;
    if (b.kind === 'para') return htmlHidden(b.hidden, `<p>${htmlText(b.text)}</p>`, b.text);
    if (b.kind === 'list') return `<ul>${b.items.map((i) => `<li>${htmlText(i)}</li>`).join('')}</ul>`;
    if (b.kind === 'boxes') return `<p>${htmlText(b.label)}</p><table class="boxes"><tr>${b.cells.map((c) => `<td>${htmlText(c)}</td>`).join('')}</tr></table>`;
    const head = `<tr>${b.header.map((h) => `<th>${htmlText(h)}</th>`).join('')}</tr>`;
    const rows = b.rows.map((r, i) => `<tr${b.hiddenRows?.includes(i) ? ' style="display:none"' : ''}>${r.map((c) => `<td>${htmlText(c.text)}</td>`).join('')}</tr>`);
    return `<table border="1">${head}${rows.join('')}</table>`;
  });
  return Buffer.from(`<!DOCTYPE html>\n<html lang="th"><head><meta charset="utf-8"><title>ประกาศ</title></head><body>\n${body.join('\n')}\n</body></html>\n`, 'utf8');
}

const { run, para, table } = docxXml;
/** Runs of one text, line breaks as <w:br/>, hidden when asked. */
const runs = (text: string, props = '') =>
  escapeXml(text)
    .split('\n')
    .map((line) => run(line, props))
    .join(`<w:r><w:br/></w:r>`);
const tr = (cells: readonly string[]) => `<w:tr>${cells.map((c) => `<w:tc><w:tcPr/>${para(runs(c))}</w:tc>`).join('')}</w:tr>`;

export function docxFile(blocks: readonly Block[]): Uint8Array {
  const comments: string[] = [];
  const body = blocks.map((b) => {
    if (b.kind === 'heading') return para(runs(b.text, '<w:b/>'));
    if (b.kind === 'para') {
      if (b.hidden === 'docx-vanish') return para(runs(b.text, '<w:vanish/>'));
      if (b.hidden === 'docx-comment') {
        const id = comments.length;
        comments.push(`<w:comment w:id="${id}" w:author="ผู้ตรวจ">${para(runs(b.text))}</w:comment>`);
        return para(`<w:commentRangeStart w:id="${id}"/>${run('หมายเหตุ')}<w:commentRangeEnd w:id="${id}"/>`);
      }
      return para(runs(b.text));
    }
    if (b.kind === 'list') return b.items.map((i) => para(runs(i))).join('');
    if (b.kind === 'boxes') return para(runs(b.label)) + table(tr(b.cells));
    return table(tr(b.header), ...b.rows.map((r) => tr(r.map((c) => c.text))));
  });
  return docx({ body: body.join(''), ...(comments.length ? { comments: comments.join('') } : {}) });
}

export function xlsxFile(blocks: readonly Block[]): Uint8Array {
  const value = (c: Cell) => c.number ?? plain(c.text);
  const main = blocks.filter((b) => !(b.kind === 'table' && b.hidden) && !(b.kind === 'para' && b.hidden === 'xlsx-comment'));
  const rows = sheetRows(main);
  const sheets: SheetSpec[] = [
    {
      name: 'รายชื่อ',
      rows: rows.map((r) => r.cells.map(value)),
      hiddenRows: rows.flatMap((r, i) => (r.hidden ? [i] : [])),
      // Notes on cells that exist (the writer drops cells outside the sheet's range).
      comments: blocks.filter((b) => b.kind === 'para' && b.hidden === 'xlsx-comment').map((b, k) => ({ cell: `A${k + 1}`, text: plain((b as { text: string }).text) })),
    },
  ];
  blocks.forEach((b, i) => {
    if (b.kind === 'table' && b.hidden) sheets.push({ name: `Sheet${i + 2}`, hidden: true, rows: sheetRows([b]).map((r) => r.cells.map(value)) });
  });
  return workbook(sheets, 'xlsx');
}
