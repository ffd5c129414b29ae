// The identifier types leakscan looks for, each declared once with everything that differs from
// one type to another (as Presidio's recognizer registry does for its entities): names for people,
// how a masked value is judged and shown, and the facts the severity rules weigh. The rest of the
// code looks types up here or iterates over them, never spelling a type out; the detection rules
// of each type are in shared/detect, in a table keyed by these names.
//
// A type's `normalized` value (what fingerprints and corpus labels hold) is its letters in upper
// case, then its positions as ASCII digits with 'X' for each masked one; phones in national form.
import { ID_LENGTH, nationalIdCandidates } from './detect/national-id.ts';
import { LASER_CODE } from './detect/written-forms.ts';

/** The X4 rule: an identifier is masked when at least 4 of its digits are replaced by X. */
const X4_HIDDEN_DIGITS = 4;

export interface IdentifierTypeSpec<Name extends string = IdentifierType> {
  /** What people read: in Thai (e-mails, the dashboard) and in English (SARIF). */
  readonly label: { readonly th: string; readonly en: string };
  /**
   * Capital letters before its digits: never counted as digits, hidden in every display. They make
   * a reading surer than digits alone: such a type claims its digits first.
   */
  readonly letters: number;
  /** The most digits it has (what an unread region's length is weighed against). */
  readonly digits: number;
  /** How many of its digits must be hidden for it to count as masked. */
  readonly maskedAt: number;
  /** The sizes of the groups its display form is split into. */
  readonly displayGroups: (normalized: string) => readonly number[];
  /**
   * Shown in full, it lets anyone pass as its holder (the severity rules rank it above a number
   * that only exposes the holder to contact and scams).
   */
  readonly provesIdentity: boolean;
  /** The type that, shown in full beside this one, unlocks the holder's online services. */
  readonly unlocksWith?: Name;
  /**
   * How many full numbers agree with a masked value's visible digits, for a type with a check
   * digit: 1 with digits masked means the mask hides nothing.
   */
  readonly candidates?: (normalized: string) => number;
  /** Written with a leading 0, which a spreadsheet's number cell drops. */
  readonly leadingZero: boolean;
  /** The daily counter (and CloudWatch metric) of how many were exposed, unmasked or insufficiently masked. */
  readonly exposedCounter: 'ExposedNationalIds' | 'ExposedPhones' | 'ExposedLaserCodes';
}

const DECLARED = {
  national_id: {
    label: { th: 'เลขประจำตัวประชาชน', en: 'national ID number' },
    letters: 0,
    digits: ID_LENGTH,
    maskedAt: X4_HIDDEN_DIGITS,
    displayGroups: () => [1, 4, 5, 2, 1],
    provesIdentity: true,
    candidates: nationalIdCandidates,
    leadingZero: false,
    exposedCounter: 'ExposedNationalIds',
  },
  phone: {
    label: { th: 'หมายเลขโทรศัพท์', en: "person's phone number" },
    letters: 0,
    // Mobile and VoIP numbers; landlines have 9.
    digits: 10,
    maskedAt: X4_HIDDEN_DIGITS,
    displayGroups: (normalized) => (normalized.length === 10 ? [3, 3, 4] : normalized.startsWith('02') ? [2, 3, 4] : [3, 3, 3]),
    provesIdentity: false,
    leadingZero: true,
    exposedCounter: 'ExposedPhones',
  },
  laser_code: {
    // The Thai name alone is not what every clerk calls it.
    label: { th: 'เลขหลังบัตรประชาชน (laser code)', en: 'ID card laser code' },
    letters: LASER_CODE.letters,
    digits: LASER_CODE.digits,
    maskedAt: X4_HIDDEN_DIGITS,
    displayGroups: () => [3, 7, 2],
    provesIdentity: true,
    unlocksWith: 'national_id',
    leadingZero: false,
    exposedCounter: 'ExposedLaserCodes',
  },
} as const satisfies Record<string, IdentifierTypeSpec<string>>;

export type IdentifierType = keyof typeof DECLARED;

/** Each type's declaration (typed here with every optional part, so that any type is looked up alike). */
export const IDENTIFIER_TYPES: { readonly [T in IdentifierType]: IdentifierTypeSpec } = DECLARED;

/** Every type, in the order reports list them. */
export const IDENTIFIER_TYPE_NAMES = Object.keys(IDENTIFIER_TYPES) as readonly IdentifierType[];
