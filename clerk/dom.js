// What the clerk page and the PDPC dashboard both build their pages with: elements made from
// attributes and children (values go in as text, never as HTML), Thai with English beside it, and
// numbers and times as Thai readers write them. Deployed with the clerk page; the local dashboard
// serves this same file.

export const byId = (id) => document.getElementById(id);
/** A button of the page, by its id. */
export const buttonById = (id) => /** @type {HTMLButtonElement} */ (document.getElementById(id));

/** Children as `append` and `replaceChildren` take them: nested lists flattened, absent ones left out. */
export const nodes = (...children) => children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false);

const SVG_NS = 'http://www.w3.org/2000/svg';
/** An element with attributes (`on…` ones are listeners) and children (strings become text). */
export const h = (tag, attributes = {}, ...children) => build(document.createElement(tag), attributes, children);
/** The same, of SVG. */
export const svg = (tag, attributes = {}, ...children) => build(document.createElementNS(SVG_NS, tag), attributes, children);
function build(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    // Numbers (a chart's coordinates) to a tenth: no float noise such as 159.20000000000002 in the page.
    else element.setAttribute(name, typeof value === 'number' ? String(Math.round(value * 10) / 10) : String(value));
  }
  element.append(...nodes(children));
  return element;
}

/** Thai first, English in small type. */
export const bilingual = (thai, english) => [thai, ' ', h('small', { lang: 'en' }, english)];

// Times as Thai readers write them: Buddhist era, Thailand's time (28 พ.ย. 2569 14:05).
const DATE_TIME = new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { timeZone: 'Asia/Bangkok', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const NUMBER = new Intl.NumberFormat('th-TH');
export const count = (n) => NUMBER.format(n);
export const thaiDateTime = (iso) => DATE_TIME.format(new Date(iso));
