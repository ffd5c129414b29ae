// Kinds of agency documents, as blocks: lists of allowance, relief and scholarship recipients,
// council minutes, citizen request forms, procurement notices, news pages, reports. Each kind
// draws its people, their identifiers in random forms and layouts, and decoys around them.
import { applicationNumber, anyDecoys, bankAccount, companyPhone, companyTaxId, date, docReference, ean13, longReference, money, officePhone, postal, reference } from './decoys.ts';
import { type Kind, type RenderOptions, type Value, drawId, drawLandline, drawLaser, drawMobile, labelled, render } from './identifiers.ts';
import type { Block, Ctx, Hiding, Part, Piece, TableStyle } from './model.ts';
import { HEADERS, LABELS, PLACES, type Person, type Place, agencyName, person } from './vocabulary.ts';

export const KINDS = ['allowance', 'relief', 'scholarship', 'minutes', 'request-form', 'procurement', 'news', 'report'] as const;
export type DocumentKind = (typeof KINDS)[number];

type Mask = NonNullable<RenderOptions['mask']>;

const draw = (ctx: Ctx, kind: Kind, typo = false): Value =>
  kind === 'id' ? drawId(ctx.rng, typo) : kind === 'mobile' ? drawMobile(ctx.rng) : kind === 'landline' ? drawLandline(ctx.rng) : drawLaser(ctx.rng);

/** A bare identifier in a column whose header names it; spreadsheets may hold it as a number. */
function cell(ctx: Ctx, kind: Kind, mask: Mask, mayBreak: boolean): Piece {
  const { rng, format } = ctx;
  const value = draw(ctx, kind, kind === 'id' && rng.chance(0.03));
  const tags = ['label:header'];
  const asNumber = value.checksumValid !== false && kind !== 'laser' && kind !== 'landline' && mask !== 'masked' && rng.chance(format === 'xlsx' ? 0.3 : format === 'csv' ? 0.15 : 0);
  if (asNumber) {
    const national = value.digits;
    const stored = kind === 'mobile' ? national.slice(1) : national;
    // A CSV that holds 1.34081E+12 has lost the ID: not a finding, but a decoy.
    if (format === 'csv' && kind === 'id' && rng.chance(0.3)) {
      const lost = Number(national).toExponential(5).toUpperCase();
      return { text: lost, decoy: { kind: 'id-lost-scientific', value: lost.replace(/\D/g, ''), tags: ['decoy:id-lost-scientific'] } };
    }
    const how = format === 'xlsx' ? (kind === 'mobile' ? 'xlsx:number-lost-zero' : 'xlsx:number') : kind === 'mobile' ? 'csv:lost-zero' : 'csv:plain';
    const label = {
      type: kind === 'id' ? 'national_id' : 'phone',
      value: national,
      status: 'unmasked',
      ...(kind === 'id' ? { checksum_valid: true } : {}),
      tags: [`type:${kind}`, 'status:unmasked', how, ...tags],
    } as const;
    return { text: stored, ...(format === 'xlsx' ? { number: Number(stored) } : {}), finding: { ...label, tags: [...label.tags] } };
  }
  const piece = render(ctx, value, { mask, mayBreak, extraTags: tags });
  // Spreadsheet exports keep an ID as text with ="…" or a leading apostrophe.
  if (format === 'csv' && /^\d{13}$/.test(piece.text) && rng.chance(0.2)) {
    const text = rng.chance(0.5) ? `="${piece.text}"` : `'${piece.text}`;
    return { ...piece, text, finding: { ...piece.finding!, tags: [...piece.finding!.tags, text.startsWith('=') ? 'csv:text-formula' : 'csv:apostrophe'] } };
  }
  return piece;
}

interface Column {
  header: string;
  value: (p: Person, i: number) => Part;
}

function tableStyle(ctx: Ctx): TableStyle {
  if (ctx.format === 'txt') return ctx.rng.pick(['pipes', 'tabs', 'fixed'] as const);
  return ctx.format === 'pdf' ? 'columns' : 'native';
}

/** A table of people: rows drawn with the columns' cells; some rows hidden where the format can. */
function peopleTable(ctx: Ctx, place: Place, columns: Column[], rows: number): Block {
  const style = tableStyle(ctx);
  const hideRows = ctx.hidings.includes('xlsx-hidden-row') || ctx.hidings.includes('html-display-none') ? ctx.rng.chance(0.2) : false;
  const hiddenRows: number[] = [];
  const body = Array.from({ length: rows }, (_, i) => {
    const hidden = hideRows && ctx.rng.chance(0.2);
    if (hidden) hiddenRows.push(i);
    const how = ctx.format === 'xlsx' ? 'xlsx-hidden-row' : 'html-display-none';
    return ctx.within(hidden ? [`hidden:${how}`] : [], () => {
      const p = person(ctx.rng, place);
      return ctx.row(columns.map((c) => c.value(p, i)));
    });
  });
  return { kind: 'table', header: columns.map((c) => c.header), rows: body, style, ...(hiddenRows.length ? { hiddenRows } : {}) };
}

const idColumn = (ctx: Ctx, mask: Mask, mayBreak: boolean, kind: Kind = 'id'): Column => ({
  header: ctx.rng.pick(HEADERS[kind]),
  value: () => cell(ctx, kind, mask, mayBreak),
});

function listMask(ctx: Ctx): Mask {
  return ctx.rng.weighted({ any: 60, none: 25, masked: 15 });
}

const seq: Column = { header: 'ลำดับ', value: (_, i) => String(i + 1) };
const nameCol: Column = { header: 'ชื่อ-สกุล', value: (p) => p.name };
const addressCol: Column = { header: 'ที่อยู่', value: (p) => p.address };

/** Heading lines every publication starts with: the agency, a document reference, a date. */
function letterhead(ctx: Ctx, place: Place, title: string): Block[] {
  return [
    { kind: 'heading', text: agencyName(ctx.rng, place) },
    { kind: 'para', text: ctx.line([docReference(ctx.rng), '   ', date(ctx.rng)]) },
    { kind: 'heading', text: title },
  ];
}

function footer(ctx: Ctx, place: Place): Block[] {
  return [
    { kind: 'para', text: ctx.line([agencyName(ctx.rng, place), ' ', place.province, ' ', postal(place), ' ', ...officePhone(ctx.rng, place)]) },
    { kind: 'para', text: ctx.line(officePhone(ctx.rng, place)) },
    ...anyDecoys(ctx, place, ctx.rng.int(1, 3)).map((text): Block => ({ kind: 'para', text })),
  ];
}

function recipientList(ctx: Ctx, place: Place, title: string, extra: Column[]): Block[] {
  const mask = listMask(ctx);
  const breaks = ctx.format !== 'txt' || ctx.rng.chance(0.3);
  const columns = [seq, nameCol, idColumn(ctx, mask, breaks), ...(ctx.rng.chance(0.5) ? [addressCol] : []), ...extra];
  if (ctx.rng.chance(0.5)) columns.push(idColumn(ctx, mask, false, 'mobile'));
  if (ctx.rng.chance(0.15)) columns.push(idColumn(ctx, mask, false, 'landline'));
  if (ctx.rng.chance(0.15)) columns.push(idColumn(ctx, mask, false, 'laser'));
  return ctx.within(['layout:table'], () => [
    ...letterhead(ctx, place, title),
    { kind: 'para', text: ctx.line(['ตามที่ได้ประกาศรายชื่อผู้มีสิทธิ ประจำปีงบประมาณ ', date(ctx.rng), ' รวมเป็นเงินทั้งสิ้น ', money(ctx.rng)]) },
    peopleTable(ctx, place, columns, ctx.rng.int(6, 16)),
  ]);
}

const amountCol = (ctx: Ctx): Column => ({ header: 'จำนวนเงิน (บาท)', value: () => ctx.rng.pick(['600', '700', '800', '1,000', '3,000']) });
const bankCol = (ctx: Ctx): Column => ({ header: 'เลขที่บัญชีธนาคาร', value: () => bankAccount(ctx.rng)[1]! });

/** A person named in prose with a labelled identifier or two. */
function mention(ctx: Ctx, p: Person, kinds: Kind[], options: RenderOptions = {}): Part[] {
  const parts: Part[] = [p.name, ' '];
  for (const kind of kinds) {
    const explicitLabel = kind !== 'id' || ctx.rng.chance(0.8);
    const value = draw(ctx, kind, kind === 'id' && explicitLabel && ctx.rng.chance(0.04));
    if (explicitLabel) parts.push(...labelled(ctx, value, LABELS[kind], options), ' ');
    else parts.push(render(ctx, value, { ...options, extraTags: ['label:none'] }), ' ');
  }
  return parts;
}

function minutes(ctx: Ctx, place: Place): Block[] {
  return ctx.within(['layout:prose'], () => {
    const members = Array.from({ length: ctx.rng.int(3, 7) }, () => person(ctx.rng, place));
    const items = members.map((m, i) => ctx.line([`${i + 1}. `, ...mention(ctx, m, ctx.rng.chance(0.85) ? ['mobile'] : [], { mayBreak: false }), `สมาชิกสภา อบต. หมู่ ${i + 1}`]));
    const blocks: Block[] = [...letterhead(ctx, place, `บันทึกรายงานการประชุมสภา${agencyName(ctx.rng, place)} สมัยสามัญ`), { kind: 'heading', text: 'ผู้มาประชุม' }, { kind: 'list', items }];
    for (const m of members.slice(0, 3)) {
      blocks.push({
        kind: 'para',
        text: ctx.line([
          'ระเบียบวาระที่ ',
          String(ctx.rng.int(1, 6)),
          ' ',
          m.name,
          ' เสนอโครงการก่อสร้างถนน ',
          ...reference(ctx.rng),
          ' งบประมาณ ',
          money(ctx.rng),
          ctx.rng.chance(0.5) ? ' หากมีข้อสงสัยติดต่อได้ที่ ' : ' ',
          ...(ctx.rng.chance(0.6) ? labelled(ctx, draw(ctx, 'mobile'), LABELS.mobile, { mayBreak: true }) : ['']),
        ]),
      });
    }
    blocks.push(...footer(ctx, place));
    return blocks;
  });
}

function requestForm(ctx: Ctx, place: Place): Block[] {
  const { rng } = ctx;
  const p = person(rng, place);
  const blocks: Block[] = [...letterhead(ctx, place, 'แบบคำร้องทั่วไป'), { kind: 'para', text: 'พร้อมนี้ข้าพเจ้าได้แนบสำเนาบัตรประชาชนและสำเนาทะเบียนบ้านมาด้วยแล้ว' }];
  const field = (kind: Kind, typo = false) => {
    const value = draw(ctx, kind, typo);
    const layout = rng.weighted({ inline: 60, above: 25, boxes: kind === 'id' && ctx.format !== 'txt' && ctx.format !== 'pdf' ? 15 : 0 });
    ctx.within([`layout:form-${layout}`], () => {
      if (layout === 'inline') blocks.push({ kind: 'para', text: ctx.line(labelled(ctx, value, LABELS[kind], { mayBreak: true })) });
      else if (layout === 'above') {
        const label = rng.pick(LABELS[kind]);
        blocks.push({ kind: 'para', text: label }, { kind: 'para', text: ctx.line([render(ctx, value, { explicit: true, extraTags: [`label:${label}(line above)`] })]) });
      } else {
        // One digit per box: a row of table cells.
        const label = rng.pick(LABELS[kind]);
        const piece = render(ctx, value, { mask: 'none', plain: true, extraTags: [`label:${label}`] });
        const digits = [...piece.text].filter((ch) => /\p{Nd}/u.test(ch));
        if (digits.length !== value.digits.length) {
          blocks.push({ kind: 'para', text: ctx.line([label + ' ', piece]) });
          return;
        }
        const finding = { ...piece.finding!, tags: piece.finding!.tags.filter((t) => !t.startsWith('id:') && !t.startsWith('sep:')).concat('id:box-cells') };
        ctx.line([{ text: label + ' ' + digits.join(' '), finding }]);
        blocks.push({ kind: 'boxes', label, cells: digits });
      }
    });
  };
  blocks.push({ kind: 'para', text: `ข้าพเจ้า ${p.name} อยู่บ้านเลขที่ ${p.address}` });
  field('id', rng.chance(0.06));
  if (rng.chance(0.4)) field('laser');
  if (rng.chance(0.4)) field('landline');
  field('mobile');
  blocks.push({ kind: 'para', text: 'มีความประสงค์ขอรับความช่วยเหลือ ' + ctx.line(['เป็นเงิน ', money(rng)]) });
  blocks.push(...footer(ctx, place));
  blocks.push({ kind: 'para', text: ctx.line(['สำหรับเจ้าหน้าที่ ', ...applicationNumber(rng), ' ลงวันที่ ', date(rng)]) });
  return blocks;
}

function procurement(ctx: Ctx, place: Place): Block[] {
  const { rng } = ctx;
  return ctx.within(['layout:prose'], () => {
    const blocks = letterhead(ctx, place, 'ประกาศผู้ชนะการเสนอราคา');
    blocks.push({ kind: 'para', text: ctx.line(['ตามที่ได้มีประกาศ ', ...reference(rng), ' ', ...reference(rng), ' ซื้อวัสดุสำนักงาน ']) });
    if (rng.chance(0.5)) {
      const winner = person(rng, place);
      const id = drawId(rng);
      blocks.push({
        kind: 'para',
        text: ctx.line([
          'ผู้ได้รับการคัดเลือก ได้แก่ ',
          winner.name,
          ' (ผู้ประกอบการค้า) ',
          ...labelled(ctx, id, ['เลขประจำตัวผู้เสียภาษี', ...LABELS.id]),
          ' ',
          ...labelled(ctx, drawMobile(rng), LABELS.mobile),
          ' ในราคา ',
          money(rng),
        ]),
      });
    } else {
      blocks.push({ kind: 'para', text: ctx.line(['ผู้ได้รับการคัดเลือก ได้แก่ ', ...companyTaxId(rng), ' ', ...companyPhone(rng), ' ในราคา ', money(rng)]) });
    }
    blocks.push({ kind: 'para', text: ctx.line(['ค่าธรรมเนียมโอนเข้า ', ...bankAccount(rng), ' ', ...longReference(rng)]) });
    blocks.push(...footer(ctx, place));
    return blocks;
  });
}

function news(ctx: Ctx, place: Place): Block[] {
  const { rng } = ctx;
  return ctx.within(['layout:prose'], () => {
    const blocks = letterhead(ctx, place, `ข่าวประชาสัมพันธ์ ${agencyName(rng, place)}`);
    const p = person(rng, place);
    blocks.push({
      kind: 'para',
      text: ctx.line([
        'เมื่อวันที่ ',
        date(rng),
        ' นายก',
        agencyName(rng, place),
        ' ได้มอบถุงยังชีพให้แก่ ',
        ...mention(ctx, p, rng.chance(0.7) ? ['mobile'] : ['id'], { mayBreak: true }),
        'ผู้ประสบอุทกภัย ณ บ้านเลขที่ ',
        p.address,
      ]),
    });
    blocks.push({ kind: 'para', text: ctx.line(['ผลิตภัณฑ์ OTOP ของตำบล ', ...ean13(rng), ' ราคา ', money(rng)]) });
    blocks.push(...footer(ctx, place));
    return blocks;
  });
}

function report(ctx: Ctx, place: Place): Block[] {
  const { rng } = ctx;
  const blocks = letterhead(ctx, place, 'รายงานผลการดำเนินงานประจำปี');
  blocks.push(
    ctx.within(['layout:table'], () => ({
      kind: 'table',
      style: tableStyle(ctx),
      header: ['โครงการ', 'งบประมาณ', 'เบิกจ่าย'],
      rows: Array.from({ length: rng.int(2, 5) }, () => ctx.row([rng.pick(['ถนนคอนกรีต', 'ประปาหมู่บ้าน', 'อาหารเสริม (นม)']), money(rng), money(rng)])),
    })),
  );
  blocks.push(
    ...ctx.within(['layout:table'], () => [
      { kind: 'heading', text: 'ผู้ยื่นคำขอมีบัตรประจำตัวประชาชน' } as Block,
      peopleTable(ctx, place, [seq, nameCol, idColumn(ctx, rng.pick(['masked', 'any'] as const), true), idColumn(ctx, 'any', false, 'laser')], rng.int(3, 8)),
    ]),
  );
  blocks.push(...footer(ctx, place));
  return blocks;
}

/** A block only a reader of the file sees: a comment, a hidden element, run, sheet or row. */
function hiddenBlock(ctx: Ctx, place: Place): Block[] {
  if (!ctx.hidings.length || !ctx.rng.chance(0.3)) return [];
  const how: Hiding = ctx.rng.pick(ctx.hidings.filter((h) => h !== 'xlsx-hidden-row'));
  return ctx.within([`hidden:${how}`], () => {
    const p = person(ctx.rng, place);
    if (how === 'xlsx-hidden-sheet') return [{ ...peopleTable(ctx, place, [seq, nameCol, idColumn(ctx, 'none', false), idColumn(ctx, 'none', false, 'mobile')], 3), hidden: how } as Block];
    return [{ kind: 'para', hidden: how, text: ctx.line(['ข้อมูลผู้ติดต่อ ', ...mention(ctx, p, ctx.rng.chance(0.5) ? ['id', 'mobile'] : ['mobile'])]) }];
  });
}

export function documentBlocks(ctx: Ctx, kind: DocumentKind): Block[] {
  const place = ctx.rng.pick(PLACES);
  const body = ((): Block[] => {
    switch (kind) {
      case 'allowance':
        return recipientList(ctx, place, `ประกาศรายชื่อผู้มีสิทธิรับเงินเบี้ยยังชีพ${ctx.rng.pick(['ผู้สูงอายุ', 'ความพิการ'])}`, [amountCol(ctx)]);
      case 'relief':
        return recipientList(ctx, place, 'บัญชีรายชื่อผู้ประสบภัยที่ได้รับการช่วยเหลือ', [bankCol(ctx)]);
      case 'scholarship':
        return recipientList(ctx, place, 'รายชื่อนักเรียนผู้ได้รับทุนการศึกษา', [{ header: 'โรงเรียน', value: () => `โรงเรียนบ้าน${place.tambon}` }]);
      case 'minutes':
        return minutes(ctx, place);
      case 'request-form':
        return requestForm(ctx, place);
      case 'procurement':
        return procurement(ctx, place);
      case 'news':
        return news(ctx, place);
      case 'report':
        return report(ctx, place);
    }
  })();
  return [...body, ...hiddenBlock(ctx, place)];
}
