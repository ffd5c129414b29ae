// Web pages: the visible text in reading order, tables cell by cell with their headers, and
// what a reader does not see but anyone who saves the page has (comments, attributes, hidden
// elements, scripts). Links are kept for the crawler.
import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import type { BlockLocation, TextBlock } from '../types.ts';
import { boxText, tableBlocks, type TableRow } from './table.ts';

export interface HtmlExtraction {
  blocks: TextBlock[];
  /** Where the page links and what it embeds (frames, objects), as written. */
  links: string[];
  /** The page's <base href>, which relative links are resolved against. */
  base?: string;
}

// Elements that lead to another page or document, and the attribute that names it.
const LINK_ATTRIBUTES: Record<string, string> = { a: 'href', area: 'href', iframe: 'src', frame: 'src', embed: 'src', object: 'data' };

const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav',
  'ol', 'p', 'pre', 'section', 'summary', 'ul', 'body', 'html', 'head', 'title', 'option', 'select', 'textarea',
]);
const SKIPPED = new Set(['style', 'svg', 'math', 'template']);
// Attributes whose values people or pages fill with data.
const DATA_ATTRIBUTES = /^(?:title|alt|value|placeholder|content|label|summary|aria-label|aria-description|href|data-.*)$/i;
const HIDING_STYLE = /(?:display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])|opacity\s*:\s*0(?![.\d]*[1-9]))/i;
const COLLAPSIBLE = /[ \t\r\n\f]+/g;

export function htmlBlocks(html: string): HtmlExtraction {
  const lineStarts = [0];
  for (let i = html.indexOf('\n'); i >= 0; i = html.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number | null): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    const at = offset ?? 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };

  const blocks: TextBlock[] = [];
  const links: string[] = [];
  let base: string | undefined;
  let flow = '';
  let flowLocation: BlockLocation = {};

  const flush = (): void => {
    const text = flow.replace(/ *\n */g, '\n').trim();
    if (text) blocks.push({ text, location: flowLocation });
    flow = '';
  };
  const append = (text: string, node: ChildNode, hidden: string | undefined): void => {
    if (flow.trim() === '') flowLocation = withHidden({ line: lineOf(node.startIndex) }, hidden);
    flow += text;
  };
  const hiddenBlock = (text: string, node: ChildNode, reason: string): void => {
    const t = text.replace(COLLAPSIBLE, ' ').trim();
    if (t) blocks.push({ text: t, location: { line: lineOf(node.startIndex), hidden: reason } });
  };

  const walk = (node: ChildNode, hidden: string | undefined): void => {
    if (node.type === 'text') return append(node.data.replace(COLLAPSIBLE, ' '), node, hidden);
    if (node.type === 'comment') return hiddenBlock(node.data, node, 'html-comment');
    if (node.type === 'cdata' || node.type === 'root') return node.children.forEach((c) => walk(c, hidden));
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') return;
    const el = node as Element;
    const name = el.name.toLowerCase();
    for (const [attr, value] of Object.entries(el.attribs)) {
      if (attr.toLowerCase() === LINK_ATTRIBUTES[name]) links.push(value);
      if (name === 'base' && attr.toLowerCase() === 'href') base ??= value;
      if (DATA_ATTRIBUTES.test(attr) && /\d/.test(value)) hiddenBlock(value, el, `html-attribute:${attr}`);
    }
    if (SKIPPED.has(name)) return;
    if (name === 'script') return hiddenBlock(textOf(el), el, 'html-script');
    const hides = hidingReason(el) ?? hidden;
    if (name === 'br') return append('\n', el, hides);
    if (name === 'table') {
      const boxes = boxTableText(el);
      if (boxes) return append(` ${boxes} `, el, hides);
      flush();
      blocks.push(...tableBlocks(tableRows(el, lineOf, hides)));
      return;
    }
    const isBlock = BLOCK_ELEMENTS.has(name) || hides !== hidden;
    if (isBlock) flush();
    el.children.forEach((c) => walk(c, hides));
    if (isBlock) flush();
  };

  const doc = parseDocument(html, { withStartIndices: true, decodeEntities: true });
  doc.children.forEach((c) => walk(c, undefined));
  flush();
  return base === undefined ? { blocks, links } : { blocks, links, base };
}

function withHidden(location: BlockLocation, hidden: string | undefined): BlockLocation {
  return hidden ? { ...location, hidden } : location;
}

function hidingReason(el: Element): string | undefined {
  if ('hidden' in el.attribs) return 'html-hidden-element';
  if (el.name === 'input' && el.attribs.type?.toLowerCase() === 'hidden') return 'html-hidden-input';
  if (HIDING_STYLE.test(el.attribs.style ?? '')) return 'html-hidden-element';
  return undefined;
}

export const elementChildren = (el: Element): Element[] => el.children.filter((c): c is Element => c.type === 'tag');

/** Rows of this table, not of tables nested in its cells. */
export function ownRows(table: Element): Element[] {
  const rows: Element[] = [];
  for (const child of elementChildren(table)) {
    if (child.name === 'tr') rows.push(child);
    else if (['thead', 'tbody', 'tfoot'].includes(child.name)) rows.push(...elementChildren(child).filter((r) => r.name === 'tr'));
  }
  return rows;
}

const cellsOf = (row: Element): Element[] => elementChildren(row).filter((c) => c.name === 'td' || c.name === 'th');

/** Text of an element with block boundaries as line breaks and box tables joined. */
function textOf(el: Element): string {
  let out = '';
  const visit = (node: ChildNode): void => {
    if (node.type === 'text') out += node.data.replace(COLLAPSIBLE, ' ');
    else if (node.type === 'tag' || node.type === 'script') {
      const child = node as Element;
      if (SKIPPED.has(child.name)) return;
      const boxes = child.name === 'table' ? boxTableText(child) : undefined;
      if (child.name === 'br') out += '\n';
      else if (boxes) out += ` ${boxes} `;
      else {
        const block = BLOCK_ELEMENTS.has(child.name) || child.name === 'tr';
        if (block) out += '\n';
        child.children.forEach(visit);
        if (block) out += '\n';
      }
    } else if ('children' in node) node.children.forEach(visit);
  };
  el.children.forEach(visit);
  return out.replace(/ *\n[\n ]*/g, '\n').trim();
}

/** A table of one-digit boxes (see boxText), as the number it draws, or undefined. */
function boxTableText(table: Element): string | undefined {
  return boxText(ownRows(table).flatMap((row) => cellsOf(row).map((c) => textOf(c))));
}

function tableRows(table: Element, lineOf: (offset: number | null) => number, hidden: string | undefined): TableRow[] {
  return ownRows(table).map((row, i) => {
    // A cell spanning n columns fills n columns, so later cells stay under their headers.
    const texts: string[] = [];
    const hiddenCells = new Map<number, string>();
    for (const cell of cellsOf(row)) {
      const reason = hidingReason(cell);
      if (reason) hiddenCells.set(texts.length, reason);
      texts.push(textOf(cell));
      const span = Math.min(Number(cell.attribs.colspan) || 1, 1000);
      for (let k = 1; k < span; k++) texts.push('');
    }
    return {
      cells: texts,
      rowNumber: i + 1,
      location: withHidden({ line: lineOf(row.startIndex) }, hidingReason(row) ?? hidden),
      hiddenCells,
    };
  });
}
