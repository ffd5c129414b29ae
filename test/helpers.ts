import { detectIdentifiers } from '../shared/detect/detect.ts';
import { nationalIdCheckDigit } from '../shared/detect/national-id.ts';
import { fingerprinter } from '../shared/fingerprint.ts';
import type { IdentifierType, TextBlock } from '../shared/types.ts';

export const TEST_KEY = 'test-fingerprint-key';
export const fingerprint = fingerprinter(TEST_KEY);
export const fp = (type: IdentifierType, normalized: string): string => fingerprint(type, normalized);

export const detect = (input: string | TextBlock[]) => detectIdentifiers(input, { fingerprint });

/** A valid national ID from its first 12 digits. */
export const withCheckDigit = (first12: string): string => first12 + nationalIdCheckDigit(first12);

/** Same digits, another check digit: a typo. */
export const withWrongCheckDigit = (first12: string): string => first12 + ((nationalIdCheckDigit(first12) + 1) % 10);

export const toThaiDigits = (s: string): string => s.replace(/\d/g, (d) => String.fromCharCode(0x0e50 + Number(d)));
export const toFullWidthDigits = (s: string): string => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));

/** 1-2345-67890-12-3 */
export const dashed = (id: string): string => `${id[0]}-${id.slice(1, 5)}-${id.slice(5, 10)}-${id.slice(10, 12)}-${id[12]}`;

/** The findings as type/status/fingerprint triples, for comparing against expected identifiers. */
export const keys = (findings: ReturnType<typeof detect>): string[] => findings.map((f) => `${f.type}|${f.status}|${f.fingerprint}`);
export const key = (type: IdentifierType, status: string, normalized: string): string => `${type}|${status}|${fp(type, normalized)}`;
