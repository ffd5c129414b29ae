// The functions' settings, from the deployment's environment, read when a function's handler is
// built for it (functions/lambda.ts): a missing or malformed one stops the function with its name,
// rather than running with a wrong value. Nothing here loads a library: every function reads them.

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

/** Who notices come from, where replies go, the PDPC's address, and the clerk page notices point units to. */
export function noticeSettings(): { from: string; replyTo: string; pdpcEmail: string; clerkPageUrl: string } {
  const pdpcEmail = requiredSetting('PDPC_EMAIL');
  // As the deployment's notifyReplyTo: replies go to the PDPC unless configured otherwise.
  return { from: requiredSetting('NOTIFY_FROM'), replyTo: process.env.NOTIFY_REPLY_TO || pdpcEmail, pdpcEmail, clerkPageUrl: requiredSetting('CLERK_PAGE_URL') };
}
