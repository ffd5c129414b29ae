// Thailand's calendar and clock, by the platform's time-zone data (Asia/Bangkok), not a
// hand-made offset: figures are kept by Thailand's day, and letters date things as Thai readers do.

export const THAILAND_TIME_ZONE = 'Asia/Bangkok';

/** The fields of an instant as a formatter gives them, apart from its locale's order and words between them. */
export function dateParts(format: Intl.DateTimeFormat, at: Date): Partial<Record<Intl.DateTimeFormatPartTypes, string>> {
  return Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
}
