// Telling people about cases: one digest e-mail per unit and run for its new cases (to the unit's
// coordinator or DPO, copied to its supervising office), and one per unit for cases escalated
// after the deadline (to the supervising office and the PDPC). A notice is sent once per case
// state: the case is claimed before sending and marked notified after, and a failed send gives
// the claim back so that the queue's retry can send it.
import type { Unit } from '../units.ts';
import { deadlineAfter } from './case.ts';
import { renderEscalation, renderNotice } from './email.ts';
import { type SentEmail, type StoredCase, type UnitLookup, type UnitScopes, unitScopes } from './model.ts';
import type { CaseRepository, RecordedChange } from './repository.ts';
import { claimNotice, escalated, notified } from './transitions.ts';

/** An e-mail as it is sent (shared/aws/ses.ts: through SESv2). */
export interface OutgoingEmail {
  from: string;
  to: string[];
  cc?: string[];
  replyTo?: string[];
  subject: string;
  text: string;
  html: string;
}

export interface NoticeSettings {
  from: string;
  replyTo: string;
  /** The PDPC's address: escalations, and notices for units the registry does not know. */
  pdpcEmail: string;
  /** The clerk page (check before publishing, masked copies), which notices point units to. */
  clerkPageUrl?: string;
}

export interface NoticeDeps {
  cases: CaseRepository;
  units: UnitLookup;
  /** Sends the e-mail and returns its message ID. */
  send: (email: OutgoingEmail) => Promise<string>;
  settings: NoticeSettings;
  now: () => Date;
  /** Called with what each change added to the day's figures (for EMF metrics). */
  changed: (change: RecordedChange, scopes: UnitScopes) => void;
}

/** Who hears about a unit's cases, and how the unit is named. */
function audience(unitId: string, unit: Unit | undefined, settings: NoticeSettings) {
  const named = { id: unitId, name: unit?.name ?? `หน่วยงานที่ไม่อยู่ในทะเบียน (${unitId})` };
  const supervisor = unit?.supervisorEmail ? [unit.supervisorEmail] : [];
  return {
    unit: named,
    // A unit the registry does not know cannot be written to: the PDPC triages its cases.
    notice: unit ? { to: unit.contactEmails, cc: supervisor } : { to: [settings.pdpcEmail], cc: [] },
    escalation: { to: [...supervisor, settings.pdpcEmail], cc: unit?.contactEmails ?? [] },
  };
}

/**
 * Sends each unit one notice for its open cases among `caseIds` that no one has notified yet.
 * Returns the cases whose notice could not be sent, with why (their messages should be retried).
 */
export async function sendNotices(caseIds: Iterable<string>, deps: NoticeDeps): Promise<Map<string, Error>> {
  const { cases: repository, settings } = deps;
  const byUnit = new Map<string, StoredCase[]>();
  for (const caseId of new Set(caseIds)) {
    const stored = await repository.get(caseId);
    if (stored?.state !== 'open' || !(await claimNotice(repository, caseId, deps.now()))) continue;
    byUnit.set(stored.unitId, [...(byUnit.get(stored.unitId) ?? []), stored]);
  }
  const failed = new Map<string, Error>();
  for (const [unitId, cases] of byUnit) {
    try {
      const unit = await deps.units.get(unitId);
      const { unit: named, notice } = audience(unitId, unit, settings);
      const now = deps.now();
      const deadline = deadlineAfter(now);
      const rendered = renderNotice(
        named,
        cases.map((c) => ({ ...c, deadline })),
        { replyTo: settings.replyTo, pdpcEmail: settings.pdpcEmail, ...(settings.clerkPageUrl && { clerkPageUrl: settings.clerkPageUrl }) },
      );
      const email = await sendRecorded(deps, { ...notice, ...rendered }, 'notice');
      const scopes = unitScopes(unitId, unit);
      for (const stored of cases) {
        const change = await notified(repository, stored, email, deadline, scopes, now);
        if (change) deps.changed(change, scopes);
      }
    } catch (err) {
      for (const stored of cases) {
        failed.set(stored.caseId, err as Error);
        await repository.releaseNotice(stored.caseId).catch(() => undefined);
      }
    }
  }
  return failed;
}

/** Escalates a unit's cases past their deadline: one e-mail to the supervising office and the PDPC. */
export async function escalate(unitId: string, cases: StoredCase[], deps: NoticeDeps): Promise<void> {
  const unit = await deps.units.get(unitId);
  const { unit: named, escalation } = audience(unitId, unit, deps.settings);
  const rendered = renderEscalation(named, cases, { replyTo: deps.settings.replyTo });
  const email = await sendRecorded(deps, { ...escalation, ...rendered }, 'escalation');
  const scopes = unitScopes(unitId, unit);
  for (const stored of cases) {
    const change = await escalated(deps.cases, stored, email, scopes, deps.now());
    if (change) deps.changed(change, scopes);
  }
}

async function sendRecorded(deps: NoticeDeps, email: Omit<OutgoingEmail, 'from' | 'replyTo'>, kind: SentEmail['kind']): Promise<SentEmail> {
  const messageId = await deps.send({ ...email, from: deps.settings.from, replyTo: [deps.settings.replyTo] });
  return { kind, messageId, at: deps.now().toISOString(), to: email.to, cc: email.cc ?? [] };
}
