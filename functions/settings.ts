// The functions' settings, from their environment: a missing or malformed one stops the function
// with its name, rather than running with a wrong value.
export function requiredSetting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export function integerSetting(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a whole number, not "${value}"`);
  return Number(value);
}

/** Who notices come from, where replies go, and the PDPC's address. */
export function noticeSettings(): { from: string; replyTo: string; pdpcEmail: string } {
  const from = requiredSetting('NOTIFY_FROM');
  return { from, replyTo: process.env.NOTIFY_REPLY_TO || from, pdpcEmail: requiredSetting('PDPC_EMAIL') };
}
