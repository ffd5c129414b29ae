// Words of Thai local-government documents: names, places, agencies, companies, and the labels
// people put before identifiers.
import type { Rng } from './random.ts';

const FIRST = ['สมศรี', 'สมชาย', 'บุญมี', 'มาลี', 'ประเสริฐ', 'วันเพ็ญ', 'สุนทร', 'จันทร์เพ็ญ', 'ทองดี', 'อำนวย', 'พิมพ์ใจ', 'ศักดิ์ชัย', 'นิตยา', 'สมพร', 'บุญเรือน', 'ชัยวัฒน์', 'กาญจนา', 'สุรชัย', 'ลำดวน', 'ประยูร'];
const LAST = ['ใจดี', 'มีสุข', 'ทองคำ', 'ศรีสวัสดิ์', 'บุญประเสริฐ', 'แก้วมณี', 'พรหมมา', 'สุขสวัสดิ์', 'วงศ์ใหญ่', 'ชัยมงคล', 'คำแก้ว', 'ภูมิวงศ์', 'นาคสุข', 'ดวงจันทร์', 'อินทร์แก้ว'];
const TITLES = ['นาย', 'นาง', 'นางสาว'];
export const PLACES = [
  { tambon: 'บ้านเป็ด', amphoe: 'เมืองขอนแก่น', province: 'ขอนแก่น', postal: '40000', area: '043' },
  { tambon: 'หนองบัว', amphoe: 'เมืองอุดรธานี', province: 'อุดรธานี', postal: '41000', area: '042' },
  { tambon: 'สันทราย', amphoe: 'สันทราย', province: 'เชียงใหม่', postal: '50210', area: '053' },
  { tambon: 'ท่าช้าง', amphoe: 'เมืองจันทบุรี', province: 'จันทบุรี', postal: '22000', area: '039' },
  { tambon: 'ควนลัง', amphoe: 'หาดใหญ่', province: 'สงขลา', postal: '90110', area: '074' },
  { tambon: 'บางกระสอ', amphoe: 'เมืองนนทบุรี', province: 'นนทบุรี', postal: '11000', area: '02' },
] as const;
export type Place = (typeof PLACES)[number];
const COMPANIES = ['บริษัท สยามวัสดุก่อสร้าง จำกัด', 'ห้างหุ้นส่วนจำกัด ทองดีการโยธา', 'บริษัท ไทยเครื่องเขียน จำกัด', 'หจก. รุ่งเรืองพาณิชย์', 'บริษัท ขอนแก่นคอมพิวเตอร์ จำกัด'];
const BANKS = ['ธนาคารกรุงไทย', 'ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร', 'ธนาคารออมสิน', 'ธนาคารกสิกรไทย'];
const MONTHS = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'];

export interface Person {
  name: string;
  address: string;
}

export const person = (rng: Rng, place: Place): Person => ({
  name: `${rng.pick(TITLES)}${rng.pick(FIRST)} ${rng.pick(LAST)}`,
  address: `${rng.int(1, 299)}${rng.chance(0.3) ? '/' + rng.int(1, 40) : ''} หมู่ ${rng.int(1, 15)} ต.${place.tambon} อ.${place.amphoe} จ.${place.province}`,
});

export const agencyName = (rng: Rng, place: Place) => `${rng.pick(['องค์การบริหารส่วนตำบล', 'เทศบาลตำบล'])}${place.tambon}`;
export const company = (rng: Rng) => rng.pick(COMPANIES);
export const bank = (rng: Rng) => rng.pick(BANKS);
export const month = (rng: Rng) => rng.pick(MONTHS);

/** Labels people write before identifiers (Thai and English, with and without the detector's cues). */
export const LABELS = {
  id: ['เลขประจำตัวประชาชน', 'เลขบัตรประชาชน', 'เลข ปชช.', 'รหัสปชช', 'เลขที่บัตร', 'ID Number', 'Identification Number', 'Thai ID', 'TNIN', 'Citizen ID', 'เลขที่บัตรประจำตัวประชาชน'],
  mobile: ['โทร.', 'โทรศัพท์', 'มือถือ', 'เบอร์โทร', 'Tel.', 'Mobile', 'โทรศัพท์มือถือ', 'หมายเลขโทรศัพท์'],
  landline: ['โทรศัพท์บ้าน', 'เบอร์บ้าน', 'โทร.บ้าน', 'Home'],
  laser: ['เลขหลังบัตร', 'Laser code', 'รหัสหลังบัตร', 'Laser ID', 'เลขเลเซอร์'],
} as const;

/** Column headers of the same kinds (a table cell then holds the bare number). */
export const HEADERS = {
  id: ['เลขประจำตัวประชาชน', 'เลขบัตรประชาชน', 'เลขที่บัตร', 'ID Number', 'Citizen ID', 'เลข ปชช.', 'เลขประจำตัว 13 หลัก'],
  mobile: ['โทรศัพท์', 'เบอร์โทร', 'มือถือ', 'Tel.', 'เบอร์โทรศัพท์'],
  landline: ['โทรศัพท์บ้าน', 'เบอร์บ้าน'],
  laser: ['เลขหลังบัตร', 'Laser code', 'รหัสหลังบัตร'],
} as const;
