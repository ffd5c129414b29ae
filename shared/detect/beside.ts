// What stands beside an identifier: a person's name or address turns a number into enough to
// impersonate someone (the case severity rules in shared/cases/severity.ts read this). Thai
// titles mark names; address words mark addresses. Only whether they are there is kept, never
// the name or the address.
// นายก… is a mayor or chairman, the office, not a person's title.
const NAME = /(?:นาย(?!ก(?:เทศมนตรี|องค์การ|รัฐมนตรี|อบต|อบจ|\.))|นางสาว|นาง|น\.ส\.|ด\.ช\.|ด\.ญ\.|เด็กชาย|เด็กหญิง|ชื่อ ?- ?(?:นาม)?สกุล|\bmrs?\.|\bmiss\b)/i;
// ตำบล and จังหวัด also name units (องค์การบริหารส่วนตำบล, เทศบาลตำบล, …ส่วนจังหวัด): not addresses.
const ADDRESS = /(?:บ้านเลขที่|ที่อยู่|หมู่ที่|หมู่ ?\d|ม\. ?\d|(?<!ส่วน|เทศบาล)ตำบล|ต\.\S|อำเภอ|อ\.\S|(?<!ส่วน)จังหวัด|จ\.\S|ถนน|ซอย|แขวง|เขต\S|\baddress\b)/i;

export type Beside = 'name' | 'address';

/** Which of a name and an address appear in the texts around an identifier (its line, its table row). */
export function besideOf(...texts: Array<string | undefined>): Beside[] {
  const around = texts.filter(Boolean).join('\n');
  const found: Beside[] = [];
  if (NAME.test(around)) found.push('name');
  if (ADDRESS.test(around)) found.push('address');
  return found;
}
