// Web pages: the visible text in reading order, tables cell by cell with their headers, and
// what a reader does not see but anyone who saves the page has (comments, attributes, hidden
// elements, scripts). Links are kept for the crawler. The page is parsed raw (entities not
// decoded) so that every character of text keeps its offset in the page: the masker rewrites
// exactly what the scanner reads.
import type { ChildNode, Comment, Element, ParentNode } from 'domhandler';
import { decodeHTML } from 'entities';
import { parseDocument } from 'htmlparser2';
import { CHAR_CLASS, DIGIT } from '../detect/characters.ts';
import type { BlockLocation, TextBlock } from '../types.ts';
import { readingError } from '../errors.ts';
import { appendMarkupText } from './markup.ts';
import { SPANNED, type SourcedRow, type SourcedText, SourcedTextBuilder, madeText, rewritten, sourcedBoxes, sourcedTableBlocks, trimSourced } from './origins.ts';
import { TableBudget } from './table.ts';

/** A block of the page, with the offset in the page of each of its characters. */
export interface HtmlBlock extends TextBlock, SourcedText {}

export interface HtmlExtraction {
  blocks: HtmlBlock[];
  /** Where the page links and what it embeds (frames, objects), entities decoded. */
  links: string[];
  /** The page's <base href>, which relative links are resolved against. */
  base?: string;
}

// Elements that lead to another page or document, and the attribute that names it.
const LINK_ATTRIBUTES: Record<string, string> = { a: 'href', area: 'href', iframe: 'src', frame: 'src', embed: 'src', object: 'data' };

const BLOCK_ELEMENTS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'caption',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'ul',
  'body',
  'html',
  'head',
  'title',
  'option',
  'select',
  'textarea',
]);
const SKIPPED = new Set(['style', 'svg', 'math', 'template']);
// Attributes whose values people or pages fill with data.
const DATA_ATTRIBUTES = /^(?:title|alt|value|placeholder|content|label|summary|aria-label|aria-description|href|data-.*)$/i;
const HIDING_STYLE = /(?:display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])|opacity\s*:\s*0(?![.\d]*[1-9]))/i;
const COLLAPSIBLE = /[ \t\r\n\f]+/g;

export function htmlBlocks(html: string): HtmlExtraction {
  try {
    return readPage(html);
  } catch (err) {
    throw readingError(err, 'the web page');
  }
}

function readPage(html: string): HtmlExtraction {
  const lineOf = lineCounter(html);
  const blocks: HtmlBlock[] = [];
  const links: string[] = [];
  let base: string | undefined;

  /** Text the parser gives raw, found at `offset` in the page (checked, not trusted), decoded. */
  const decoded = (raw: string, offset: number | null, references = true): SourcedText => {
    if (offset === null || !html.startsWith(raw, offset)) return madeText(references ? decodeHTML(raw) : raw);
    return references ? appendMarkupText(new SourcedTextBuilder(), raw, offset, 'html') : new SourcedTextBuilder().raw(raw, offset);
  };
  /** Spaces around line breaks dropped (`lineBreaks`), and the ends trimmed. */
  const tidy = (t: SourcedText, lineBreaks: RegExp): SourcedText => rewritten(t, t.text.replace(lineBreaks, '\n').trim());
  const collapsed = (t: SourcedText): SourcedText => rewritten(t, t.text.replace(COLLAPSIBLE, ' '));
  const push = (text: SourcedText, location: BlockLocation): void => void (text.text && blocks.push({ ...text, location }));
  const hiddenBlock = (text: SourcedText, node: ChildNode, reason: string): void => push(trimSourced(collapsed(text)), { line: lineOf(node.startIndex), hidden: reason });

  const doc = parseDocument(html, { withStartIndices: true, withEndIndices: true, decodeEntities: false });
  // Links and data in attributes, of every element wherever it sits.
  for (const el of elements(doc)) {
    for (const [attr, raw] of Object.entries(el.attribs)) {
      const value = decodeHTML(raw);
      if (attr === LINK_ATTRIBUTES[el.name]) links.push(value);
      if (el.name === 'base' && attr === 'href') base ??= value;
      if (DATA_ATTRIBUTES.test(attr) && [...value].some((ch) => CHAR_CLASS[ch.charCodeAt(0)] === DIGIT)) hiddenBlock(decoded(raw, attributeOffset(html, el, attr)), el, `html-attribute:${attr}`);
    }
  }

  /** An element's text: block boundaries as line breaks, box tables joined; raw in scripts. */
  const textOf = (el: Element): SourcedText => {
    const out = new SourcedTextBuilder();
    const lineBreak = (): void => void out.made('\n');
    visitTree(el.children, el.name === 'script', (node, raw): Visit<boolean> | void => {
      if (node.type === 'text') return void out.append(collapsed(decoded(node.data, node.startIndex, !raw)));
      if (node.type !== 'tag' && node.type !== 'script') return 'children' in node ? { children: node.children, context: raw } : undefined;
      const child = node as Element;
      if (SKIPPED.has(child.name)) return;
      const boxes = child.name === 'table' ? boxTable(child) : undefined;
      if (child.name === 'br') return lineBreak();
      if (boxes) return void out.made(' ').append(boxes).made(' ');
      const block = BLOCK_ELEMENTS.has(child.name) || child.name === 'tr';
      if (block) lineBreak();
      return { children: child.children, context: raw || child.name === 'script', after: block ? lineBreak : undefined };
    });
    return tidy(out, / *\n[\n ]*/g);
  };
  const boxTable = (table: Element): SourcedText | undefined => sourcedBoxes(ownRows(table).flatMap((row) => cellsOf(row).map(textOf)));
  const cellBudget = new TableBudget();
  const tableRows = (table: Element, hidden: string | undefined): SourcedRow[] =>
    ownRows(table).map((row, i) => {
      // A cell spanning n columns fills n columns, so later cells stay under their headers.
      const cells: SourcedText[] = [];
      const hiddenCells = new Map<number, string>();
      for (const cell of cellsOf(row)) {
        const reason = hidingReason(cell);
        if (reason) hiddenCells.set(cells.length, reason);
        cells.push(textOf(cell));
        const span = Math.min(Math.max(1, Number(cell.attribs.colspan) || 1), 1000);
        cellBudget.spend(span);
        for (let k = 1; k < span; k++) cells.push(SPANNED);
      }
      return { cells, rowNumber: i + 1, location: withHidden({ line: lineOf(row.startIndex) }, hidingReason(row) ?? hidden), hiddenCells };
    });

  // Text flows between block elements.
  let flow = new SourcedTextBuilder();
  let flowLocation: BlockLocation = {};
  const flush = (): void => {
    push(tidy(flow, / *\n */g), flowLocation);
    flow = new SourcedTextBuilder();
  };
  const append = (text: SourcedText, node: ChildNode, hidden: string | undefined): void => {
    if (flow.text.trim() === '') flowLocation = withHidden({ line: lineOf(node.startIndex) }, hidden);
    flow.append(text);
  };
  const commentBlock = (node: Comment): void => hiddenBlock(decoded(node.data, node.startIndex === null ? null : node.startIndex + '<!--'.length, false), node, 'html-comment');
  const walk = (node: ChildNode, hidden: string | undefined): Visit<string | undefined> | void => {
    if (node.type === 'text') return append(collapsed(decoded(node.data, node.startIndex)), node, hidden);
    if (node.type === 'comment') return commentBlock(node);
    if (node.type === 'cdata' || node.type === 'root') return { children: node.children, context: hidden };
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') return;
    const el = node as Element;
    if (SKIPPED.has(el.name)) return;
    if (el.name === 'script') return hiddenBlock(textOf(el), el, 'html-script');
    const hides = hidingReason(el) ?? hidden;
    if (el.name === 'br') return append(madeText('\n'), el, hides);
    if (el.name === 'table') {
      // Cells are read as text, which has no comments: the table's comments are read on their own.
      for (const comment of descendants(el)) if (comment.type === 'comment') commentBlock(comment);
      const boxes = boxTable(el);
      if (boxes) return append(new SourcedTextBuilder().made(' ').append(boxes).made(' '), el, hides);
      flush();
      for (const { cellAt: _cellAt, ...block } of sourcedTableBlocks(tableRows(el, hides))) blocks.push(block);
      return;
    }
    const isBlock = BLOCK_ELEMENTS.has(el.name) || hides !== hidden;
    if (isBlock) flush();
    return { children: el.children, context: hides, after: isBlock ? flush : undefined };
  };

  visitTree(doc.children, undefined, walk);
  flush();
  // In the order of the page (attributes were read first): by where their first character is.
  const at = (block: HtmlBlock): number => block.origins.find((o) => o >= 0) ?? Infinity;
  blocks.sort((a, b) => a.location.line! - b.location.line! || at(a) - at(b));
  return base === undefined ? { blocks, links } : { blocks, links, base };
}

/** What visiting a node asks for next: its children, each visited in `context`, then `after`. */
interface Visit<C> {
  children: readonly ChildNode[];
  context: C;
  after?: (() => void) | undefined;
}

/**
 * Visits nodes depth first, in page order, on a stack of its own rather than the call stack: a
 * valid page can nest elements deeper than calls can go (100,000 <div>s).
 */
function visitTree<C>(nodes: readonly ChildNode[], context: C, visit: (node: ChildNode, context: C) => Visit<C> | void): void {
  const stack: Array<{ node: ChildNode; context: C } | (() => void)> = [];
  const later = (children: readonly ChildNode[], context: C): void => {
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, context });
  };
  later(nodes, context);
  for (let step = stack.pop(); step !== undefined; step = stack.pop()) {
    if (typeof step === 'function') {
      step();
      continue;
    }
    const next = visit(step.node, step.context);
    if (!next) continue;
    if (next.after) stack.push(next.after);
    later(next.children, next.context);
  }
}

function descendants(parent: ParentNode): ChildNode[] {
  const nodes: ChildNode[] = [];
  visitTree(parent.children, undefined, (node) => {
    nodes.push(node);
    return 'children' in node ? { children: node.children, context: undefined } : undefined;
  });
  return nodes;
}

const elements = (parent: ParentNode): Element[] => descendants(parent).filter((node): node is Element => node.type === 'tag' || node.type === 'script' || node.type === 'style');

/** Where an attribute's raw value starts in the page: after `name=` and any quote in the element's start tag. */
function attributeOffset(html: string, el: Element, attr: string): number | null {
  const start = el.startIndex ?? 0;
  const tag = html.slice(start, el.children[0]?.startIndex ?? (el.endIndex ?? start) + 1);
  const m = new RegExp(`\\s${attr.replace(/[^\w-]/g, '\\$&')}\\s*=\\s*["']?`, 'i').exec(tag);
  return m ? start + m.index + m[0].length : null;
}

/** Line number (1-based) of an offset in a text. */
function lineCounter(text: string): (offset: number | null) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    const at = offset ?? 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

function withHidden(location: BlockLocation, hidden: string | undefined): BlockLocation {
  return hidden ? { ...location, hidden } : location;
}

function hidingReason(el: Element): string | undefined {
  if ('hidden' in el.attribs) return 'html-hidden-element';
  if (el.name === 'input' && el.attribs.type?.toLowerCase() === 'hidden') return 'html-hidden-input';
  if (HIDING_STYLE.test(decodeHTML(el.attribs.style ?? ''))) return 'html-hidden-element';
  return undefined;
}

const elementChildren = (el: Element): Element[] => el.children.filter((c): c is Element => c.type === 'tag');

/** Rows of this table, not of tables nested in its cells. */
function ownRows(table: Element): Element[] {
  const rows: Element[] = [];
  for (const child of elementChildren(table)) {
    if (child.name === 'tr') rows.push(child);
    else if (['thead', 'tbody', 'tfoot'].includes(child.name)) for (const row of elementChildren(child)) if (row.name === 'tr') rows.push(row);
  }
  return rows;
}

const cellsOf = (row: Element): Element[] => elementChildren(row).filter((c) => c.name === 'td' || c.name === 'th');
