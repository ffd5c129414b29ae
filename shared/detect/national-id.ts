// Structure of the Thai 13-digit identification number (เลขประจำตัวประชาชน).
//
// Digit 1 is the person type: 1–8 for persons (Thai nationals born or registered, foreigners with
// residence, persons who gained Thai nationality), 0 for juristic persons' tax IDs, and also for
// some persons without registration status. Digits 2–3 of a person's number are the province code
// of the registering office. Digit 13 is a check digit over the first 12.

export const ID_LENGTH = 13;

/** (11 − Σ dᵢ·(14−i) mod 11) mod 10 over the first 12 digits. */
export function nationalIdCheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (first12.charCodeAt(i) - 48) * (13 - i);
  return (11 - (sum % 11)) % 10;
}

export function isValidNationalId(digits: string): boolean {
  return /^\d{13}$/.test(digits) && nationalIdCheckDigit(digits) === digits.charCodeAt(12) - 48;
}

// Province codes of the Department of Provincial Administration: 10–27 central and east,
// 30–49 north-east, 50–58 north, 60–67 lower north, 70–77 west, 80–86 south, 90–96 deep south.
const PROVINCE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [10, 27],
  [30, 49],
  [50, 58],
  [60, 67],
  [70, 77],
  [80, 86],
  [90, 96],
];

export function isProvinceCode(code: number): boolean {
  return PROVINCE_RANGES.some(([lo, hi]) => code >= lo && code <= hi);
}

/**
 * Whether the visible digits of a (possibly masked) 13-position value are consistent with a
 * person's ID: type digit 1–8 and a province code in digits 2–3. Masked positions ('X') pass.
 */
export function hasPersonalIdShape(value: string): boolean {
  const type = value[0]!;
  if (type !== 'X' && (type < '1' || type > '8')) return false;
  const p1 = value[1]!;
  const p2 = value[2]!;
  if (p1 === 'X' || p2 === 'X') return true;
  return isProvinceCode(Number(p1 + p2));
}

/**
 * How many full numbers agree with the visible digits of a masked ID and pass its check digit.
 * `normalized` is 13 positions of ASCII digits and 'X'. The weights 13…2 are 2, 1, 0, 10, 9, …, 2
 * modulo 11, so a masked digit is fixed by the check digit except the third (weight 11 ≡ 0: any
 * digit fits) and, where the check digit is 1 (sums ≡ 0 and ≡ 10 both give 1), possibly two.
 * Counted with a distribution of weighted sums modulo 11 over the masked positions: 12·10·11
 * steps at most, whatever the mask. A masked first digit counts as 1–8 only: a hidden 0 would make
 * the number a company's tax ID, not a person's.
 */
export function nationalIdCandidates(normalized: string): number {
  if (!/^[0-9X]{13}$/.test(normalized)) throw new Error('expected 13 positions of digits and X');
  let ways = new Array<number>(11).fill(0);
  ways[0] = 1;
  for (let i = 0; i < 12; i++) {
    const weight = 13 - i;
    const digits = normalized[i] !== 'X' ? [normalized.charCodeAt(i) - 48] : i === 0 ? [1, 2, 3, 4, 5, 6, 7, 8] : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const next = new Array<number>(11).fill(0);
    for (let r = 0; r < 11; r++) if (ways[r]) for (const d of digits) next[(r + d * weight) % 11] += ways[r]!;
    ways = next;
  }
  // A masked check digit takes whatever the first 12 give: every assignment counts once.
  if (normalized[12] === 'X') return ways.reduce((a, b) => a + b, 0);
  const check = normalized.charCodeAt(12) - 48;
  return ways.reduce((sum, n, r) => ((11 - r) % 10 === check ? sum + n : sum), 0);
}
