// The clerk's page: an agency clerk signs in (Cognito's hosted sign-in, authorization code with
// PKCE), drops drafts, and reads for each what publishing it would expose. Nothing is filed: a
// check makes no case and sends no e-mail. The same files run in AWS (S3 + CloudFront) and on the
// local stack; what differs comes from ./config.json. Plain browser JS, no build step, no inline
// script or style (the page runs under `default-src 'self'`). Values from the API and file names
// go into the page as text, never as HTML.
import { bilingual, buttonById, byId, count, h, nodes, thaiDateTime } from './dom.js';
import { SEVERITY_LABELS, STATUS_LABELS, TYPE_LABELS } from './thai-labels.js';

/**
 * @typedef {{apiUrl: string, authorizeUrl: string, tokenUrl: string, logoutUrl: string, clientId: string}} Config
 * @typedef {{type: string, status: string, display: string, where: string, candidates?: number}} Finding
 * @typedef {{available: true, fileName: string} | {available: false, reason: string}} MaskedCopy
 * @typedef {{
 *   fileName: string, format: string, status: 'scanned' | 'error', error?: {code: string, message: string},
 *   findings: Finding[], counts: {leaks: number, unreadable: number, pagesOcred?: number},
 *   severity?: string, severityReasons?: string[], scannedAt: string, maskedCopy?: MaskedCopy,
 * }} CheckResult
 * @typedef {{checkId: string, state: 'waiting' | 'done', fileName: string, createdAt: string, result?: CheckResult}} Check
 * @typedef {{checkId: string, fileName: string, size: number}} RememberedCheck
 */

// sessionStorage: the ID token, the sign-in under way (its state and PKCE verifier), and the
// checks of this tab (so that a reload or a new sign-in shows them again).
const TOKEN_KEY = 'leakscan.clerk.idToken';
const SIGN_IN_KEY = 'leakscan.clerk.signIn';
const CHECKS_KEY = 'leakscan.clerk.checks';
const REMEMBERED_CHECKS = 20;

const POLL_MS = 1500;
const POLL_LIMIT_MS = 5 * 60_000;
const LEAK_STATUSES = ['unmasked', 'insufficient'];

/** A text whose language is not known beforehand (a reason from the server): marked English unless it is Thai. */
const serverText = (text) => h('small', { lang: /[\u0E00-\u0E7F]/.test(text) ? 'th' : 'en' }, text);

const fileSize = (bytes) => (bytes < 1024 ? `${count(bytes)} B` : bytes < 1024 ** 2 ? `${count(Math.round(bytes / 1024))} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The page's own address, without query or fragment: the OAuth redirect URI and logout URI. */
const pageUrl = () => location.origin + location.pathname;

// ---------------------------------------------------------------------------------------------
// Errors, as the clerk reads them.

/** A refusal of the check API (`{error: {code, message}}`), or a failure on the way to it. */
class CheckError extends Error {
  /**
   * @param {string} code an API code, or network, upload_failed, timeout, empty_file, no_result, sign_in
   * @param {string} message English, as the server or the browser gave it
   * @param {number} [status]
   */
  constructor(code, message, status = 0) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

const THAI_ERRORS = {
  unauthorized: 'การเข้าสู่ระบบหมดอายุหรือใช้ไม่ได้ กรุณาเข้าสู่ระบบอีกครั้ง',
  forbidden: 'บัญชีนี้ไม่มีสิทธิ์ตรวจเอกสาร',
  bad_request: 'ระบบไม่รับคำขอนี้ ตรวจชื่อและขนาดไฟล์แล้วลองอีกครั้ง',
  too_large: 'ไฟล์ใหญ่เกินกว่าที่ระบบตรวจได้ แบ่งเป็นไฟล์ที่เล็กลงแล้วตรวจทีละไฟล์',
  unsupported_type: 'ระบบตรวจไฟล์ชนิดนี้ไม่ได้ ใช้ไฟล์เอกสาร ตารางคำนวณ PDF หน้าเว็บ หรือภาพ',
  not_found: 'ไม่พบการตรวจนี้ อาจลบไปแล้วเมื่อครบ 7 วัน หรือเป็นของหน่วยงานอื่น',
  no_masked_copy: 'ไม่มีฉบับปิดบังเลขของเอกสารนี้',
  network: 'ติดต่อระบบตรวจไม่ได้ ตรวจการเชื่อมต่ออินเทอร์เน็ตแล้วลองอีกครั้ง',
  upload_failed: 'ส่งไฟล์ไม่สำเร็จ ลองอีกครั้ง',
  timeout: 'ตรวจยังไม่เสร็จภายใน 5 นาที เอกสารที่มีหลายหน้าอาจใช้เวลานานกว่านี้',
  empty_file: 'ไฟล์นี้ว่างเปล่า ไม่มีอะไรให้ตรวจ',
  no_result: 'ระบบตรวจเสร็จแต่ไม่มีผลส่งกลับมา ลองตรวจอีกครั้ง',
  sign_in: 'เข้าสู่ระบบไม่สำเร็จ กรุณาลองอีกครั้ง',
};

/** What went wrong, in Thai; 403s tell apart the two things an account may lack. */
function thaiError(err) {
  if (!(err instanceof CheckError)) return 'เกิดข้อผิดพลาดที่ไม่คาดคิด ลองอีกครั้ง';
  if (err.code === 'forbidden' && /mfa|second factor/i.test(err.message)) return 'บัญชีนี้ยังไม่ได้ยืนยันตัวตนสองขั้นตอน ตั้งค่าการยืนยันตัวตนสองขั้นตอนแล้วเข้าสู่ระบบใหม่';
  if (err.code === 'forbidden' && /unit/i.test(err.message)) return 'บัญชีนี้ยังไม่ได้ผูกกับหน่วยงาน ขอให้ผู้ดูแลระบบของ สคส. กำหนดหน่วยงานให้';
  return THAI_ERRORS[err.code] ?? `ระบบขัดข้อง (HTTP ${err.status})`;
}

/** The Thai message, and the English one small beside it. */
const errorText = (err) => [h('span', {}, thaiError(err)), ' ', h('small', { lang: 'en', class: 'detail' }, err.message)];

// ---------------------------------------------------------------------------------------------
// Configuration and sign-in.

/** @type {Config} */
let config;
/** The ID token, and its claims (read for display and its expiry only: the API verifies it). */
let idToken;
/** @type {Record<string, any>} */
let claims = {};
let expiryTimer;

async function loadConfig() {
  const response = await fetch('./config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const loaded = await response.json();
  for (const name of ['apiUrl', 'authorizeUrl', 'tokenUrl', 'logoutUrl', 'clientId']) {
    if (typeof loaded?.[name] !== 'string' || loaded[name] === '') throw new Error(`config.json has no ${name}`);
  }
  return /** @type {Config} */ (loaded);
}

/** Bytes as base64url without padding (PKCE's verifier, challenge and the state). */
function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** A JWT's payload: for display, never trusted. */
function tokenClaims(token) {
  const part = token.split('.')[1] ?? '';
  const base64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
  const payload = JSON.parse(new TextDecoder().decode(bytes));
  if (typeof payload !== 'object' || payload === null) throw new Error('the token has no claims');
  return payload;
}

/** To Cognito's sign-in page, with a fresh state and PKCE verifier kept for the return. */
async function signIn() {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(SIGN_IN_KEY, JSON.stringify({ state, verifier }));
  const url = new URL(config.authorizeUrl);
  const query = { response_type: 'code', client_id: config.clientId, redirect_uri: pageUrl(), scope: 'openid email profile', state, code_challenge: challenge, code_challenge_method: 'S256' };
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  location.assign(url.href);
}

/** Back from the sign-in page with `?code=…&state=…` (or `?error=…`): the code for an ID token. */
async function finishSignIn(params) {
  const saved = JSON.parse(sessionStorage.getItem(SIGN_IN_KEY) ?? 'null');
  sessionStorage.removeItem(SIGN_IN_KEY);
  // The code is for one use: it leaves the address bar (and the history) at once.
  history.replaceState(null, '', pageUrl());
  if (params.has('error')) throw new CheckError('sign_in', params.get('error_description') || params.get('error'));
  if (!saved || typeof saved.state !== 'string' || params.get('state') !== saved.state) throw new CheckError('sign_in', 'the sign-in state does not match the one this page started');
  const body = new URLSearchParams({ grant_type: 'authorization_code', client_id: config.clientId, code: params.get('code') ?? '', redirect_uri: pageUrl(), code_verifier: saved.verifier });
  let response;
  try {
    response = await fetch(config.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  } catch (err) {
    throw new CheckError('network', err.message);
  }
  const tokens = await response.json().catch(() => ({}));
  if (!response.ok || typeof tokens.id_token !== 'string') throw new CheckError('sign_in', tokens.error_description || tokens.error || `token endpoint: HTTP ${response.status}`, response.status);
  sessionStorage.setItem(TOKEN_KEY, tokens.id_token);
}

/** Whether the token (if any) is still good: an expired one ends the session here. */
function signedIn() {
  if (!idToken) return false;
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) {
    endSession('หมดเวลาการเข้าสู่ระบบแล้ว กรุณาเข้าสู่ระบบอีกครั้ง', 'your sign-in has expired: sign in again');
    return false;
  }
  return true;
}

/** Signed in: the clerk's unit and e-mail, the drop zone, and the checks this tab remembers. */
function startSession(token) {
  try {
    claims = tokenClaims(token);
  } catch {
    sessionStorage.removeItem(TOKEN_KEY);
    return showSignIn('ข้อมูลการเข้าสู่ระบบเสียหาย กรุณาเข้าสู่ระบบอีกครั้ง', 'the stored token cannot be read: sign in again');
  }
  idToken = token;
  if (!signedIn()) return;
  byId('account-unit').textContent = typeof claims['custom:unit'] === 'string' ? claims['custom:unit'] : 'ไม่ระบุหน่วยงาน';
  byId('account-email').textContent = typeof claims.email === 'string' ? claims.email : '';
  byId('account').hidden = false;
  byId('sign-in-panel').hidden = true;
  byId('check-panel').hidden = false;
  hideNotice();
  clearTimeout(expiryTimer);
  if (typeof claims.exp === 'number') expiryTimer = setTimeout(signedIn, Math.min(claims.exp * 1000 - Date.now() + 1000, 2 ** 31 - 1));
  for (const check of rememberedChecks()) {
    if (!document.querySelector(`[data-check-id="${CSS.escape(check.checkId)}"]`)) watchCheck(new CheckCard(check.fileName, check.size), check.checkId);
  }
}

/** The token is gone (expired, refused): back to the sign-in button, with why. Results shown stay. */
function endSession(thai, english) {
  sessionStorage.removeItem(TOKEN_KEY);
  idToken = undefined;
  claims = {};
  clearTimeout(expiryTimer);
  byId('account').hidden = true;
  byId('check-panel').hidden = true;
  showSignIn(thai, english);
}

function showSignIn(thai, english) {
  byId('sign-in-panel').hidden = false;
  if (!thai) return;
  showNotice(bilingual(thai, english));
  buttonById('sign-in').focus();
}

function signOut() {
  for (const key of [TOKEN_KEY, SIGN_IN_KEY, CHECKS_KEY]) sessionStorage.removeItem(key);
  const url = new URL(config.logoutUrl);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('logout_uri', pageUrl());
  location.assign(url.href);
}

function showNotice(...content) {
  const notice = byId('notice');
  notice.replaceChildren(h('p', {}, content));
  notice.hidden = false;
}

function hideNotice() {
  byId('notice').hidden = true;
}

// ---------------------------------------------------------------------------------------------
// The check API.

/** A call to the check API with the ID token; a 401 ends the session. */
async function api(path, init = {}) {
  if (!signedIn()) throw new CheckError('unauthorized', 'not signed in', 401);
  let response;
  try {
    response = await fetch(config.apiUrl.replace(/\/+$/, '') + path, { ...init, headers: { ...init.headers, authorization: `Bearer ${idToken}` } });
  } catch (err) {
    throw new CheckError('network', err.message);
  }
  const body = await response.json().catch(() => null);
  // API Gateway's own refusals are `{message}`; the function's are `{error: {code, message}}`.
  const message = body?.error?.message ?? body?.message ?? `HTTP ${response.status}`;
  if (response.status === 401) {
    endSession('การเข้าสู่ระบบหมดอายุหรือใช้ไม่ได้ กรุณาเข้าสู่ระบบอีกครั้ง', `the API refused the sign-in: ${message}`);
    throw new CheckError('unauthorized', message, 401);
  }
  if (!response.ok) throw new CheckError(body?.error?.code ?? `http_${response.status}`, message, response.status);
  return body;
}

/** @returns {RememberedCheck[]} */
function rememberedChecks() {
  try {
    const checks = JSON.parse(sessionStorage.getItem(CHECKS_KEY) ?? '[]');
    return Array.isArray(checks) ? checks.filter((check) => typeof check?.checkId === 'string') : [];
  } catch {
    return [];
  }
}

function remember(check) {
  sessionStorage.setItem(CHECKS_KEY, JSON.stringify([...rememberedChecks(), check].slice(-REMEMBERED_CHECKS)));
}

function forget(checkId) {
  sessionStorage.setItem(CHECKS_KEY, JSON.stringify(rememberedChecks().filter((check) => check.checkId !== checkId)));
}

// ---------------------------------------------------------------------------------------------
// A file's check, as a card in the results list.

class CheckCard {
  constructor(fileName, size) {
    this.progressText = h('span');
    this.elapsed = h('span', { class: 'elapsed', 'aria-hidden': 'true' });
    this.progress = h('p', { class: 'status busy', role: 'status', 'aria-live': 'polite', 'data-testid': 'check-progress' }, this.progressText, this.elapsed);
    this.body = h('div', { class: 'check-body' });
    this.element = h(
      'li',
      { class: 'check', 'data-testid': 'check-result', 'data-state': 'working' },
      h('h3', {}, h('span', { class: 'file-name' }, fileName), ' ', h('small', { class: 'file-size' }, fileSize(size))),
      this.progress,
      this.body,
    );
    const list = byId('results');
    list.prepend(this.element);
    byId('results-panel').hidden = false;
  }

  say(thai, english) {
    this.progress.className = 'status busy';
    this.progressText.replaceChildren(...bilingual(thai, english));
    this.elapsed.textContent = '';
  }

  /** The check ID, once the API gave one (to tell restored checks from new ones). */
  set checkId(checkId) {
    this.element.dataset.checkId = checkId;
  }

  fail(err, ...extra) {
    this.element.dataset.state = 'error';
    this.progress.className = 'status error';
    this.progressText.replaceChildren(...nodes(errorText(err), extra));
    this.elapsed.textContent = '';
  }
}

/** A dropped or chosen file: declared to the API, sent to its presigned URL, then watched. */
async function checkFile(file) {
  const card = new CheckCard(file.name, file.size);
  if (file.size === 0) return card.fail(new CheckError('empty_file', 'the file is empty'));
  try {
    card.say('กำลังเริ่มตรวจ…', 'starting');
    /** @type {{checkId: string, upload: {url: string, method: string, headers: Record<string, string>}}} */
    const created = await api('/checks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fileName: file.name, contentType: file.type || 'application/octet-stream', size: file.size }),
    });
    card.checkId = created.checkId;
    card.say(`กำลังส่งไฟล์ (${fileSize(file.size)})…`, 'uploading');
    let response;
    try {
      response = await fetch(created.upload.url, { method: created.upload.method || 'PUT', headers: created.upload.headers, body: file });
    } catch (err) {
      throw new CheckError('network', err.message);
    }
    if (!response.ok) throw new CheckError('upload_failed', `the upload was refused: HTTP ${response.status}`, response.status);
    remember({ checkId: created.checkId, fileName: file.name, size: file.size });
  } catch (err) {
    return card.fail(err);
  }
  await watchCheck(card, card.element.dataset.checkId);
}

/** Asks every 1.5 s how the check is going, until it is done or 5 minutes have passed. */
async function watchCheck(card, checkId) {
  card.checkId = checkId;
  card.element.dataset.state = 'working';
  card.say('ส่งแล้ว กำลังตรวจ…', 'uploaded, checking');
  const started = Date.now();
  try {
    for (;;) {
      /** @type {Check} */
      let check;
      try {
        check = await api(`/checks/${encodeURIComponent(checkId)}`);
      } catch (err) {
        // A dropped connection is tried again until the time is up; a refusal is final.
        if (!(err instanceof CheckError && err.code === 'network') || Date.now() - started > POLL_LIMIT_MS) throw err;
      }
      if (check?.state === 'done') {
        if (!check.result) throw new CheckError('no_result', 'the check is done but has no result');
        return showResult(card, checkId, check.result);
      }
      if (Date.now() - started > POLL_LIMIT_MS) throw new CheckError('timeout', 'no result after 5 minutes');
      card.elapsed.textContent = ` ${count(Math.round((Date.now() - started) / 1000))} วินาที`;
      await sleep(POLL_MS);
    }
  } catch (err) {
    // A check deleted after its 7 days is not shown again.
    if (err instanceof CheckError && err.code === 'not_found') forget(checkId);
    // After the time limit (or a dropped connection) the clerk may wait on: the check goes on.
    const again = err instanceof CheckError && (err.code === 'timeout' || err.code === 'network');
    card.fail(err, again ? [' ', h('button', { type: 'button', 'data-testid': 'check-again', onclick: () => watchCheck(card, checkId) }, bilingual('รอผลต่อ', 'keep waiting'))] : null);
  }
}

// ---------------------------------------------------------------------------------------------
// A check's result.

/** @param {CheckCard} card @param {string} checkId @param {CheckResult} result */
function showResult(card, checkId, result) {
  const findings = result.findings ?? [];
  const leaks = findings.filter((f) => LEAK_STATUSES.includes(f.status));
  const masked = findings.filter((f) => f.status === 'masked');
  const unreadable = findings.filter((f) => f.status === 'unreadable');
  const leakCount = result.counts?.leaks ?? leaks.length;
  const unreadableCount = result.counts?.unreadable ?? unreadable.length;
  const pagesOcred = result.counts?.pagesOcred ?? 0;

  const answer = verdict(result, leakCount, unreadableCount);
  card.element.dataset.state = 'done';
  card.progress.className = 'status done';
  card.progressText.replaceChildren(
    ...bilingual(`ตรวจเสร็จ ${thaiDateTime(result.scannedAt)}`, result.format ? `checked · ${result.format}` : 'checked'),
    // What the status line announces to a screen reader: the verdict, not only "done".
    h('span', { class: 'visually-hidden' }, ` — ${answer.querySelector('.headline')?.textContent ?? ''}`),
  );
  card.elapsed.textContent = '';
  card.body.replaceChildren(
    ...nodes(
      answer,
      result.status === 'error'
        ? null
        : [
            leaks.length > 0 ? [h('h4', {}, bilingual('เลขที่ยังไม่ปิดบัง', 'exposed')), findingsTable(leaks)] : null,
            unreadableCount > 0 ? unreadableView(unreadable, unreadableCount) : null,
            pagesOcred > 0
              ? h(
                  'p',
                  { class: 'note', 'data-testid': 'ocr-note' },
                  bilingual(`อ่านจากภาพด้วย OCR ${count(pagesOcred)} หน้า: OCR อาจพลาดเลขที่คนอ่านออก โปรดตรวจด้วยตาทุกหน้าก่อนเผยแพร่`, 'OCR may miss numbers a person sees: check every page by eye'),
                )
              : null,
            masked.length > 0 ? h('details', { class: 'masked' }, h('summary', {}, bilingual(`เลขที่ปิดบังถูกต้องแล้ว ${count(masked.length)} รายการ`, 'masked correctly')), findingsTable(masked)) : null,
            maskedCopyView(checkId, result.maskedCopy, pagesOcred > 0),
          ],
      h('p', { class: 'note', 'data-testid': 'check-filed-nothing' }, bilingual('ไม่มีการเปิดเรื่องหรือแจ้งหน่วยงาน ผลนี้เก็บไว้ 7 วันแล้วลบ', 'nothing was filed: no case, no e-mail; kept 7 days, then deleted')),
    ),
  );
}

/** The answer first: may it be published? */
function verdict(result, leakCount, unreadableCount) {
  const box = (kind, ...content) => h('div', { class: `verdict ${kind}`, 'data-testid': 'check-verdict', 'data-verdict': kind }, content);
  if (result.status === 'error') {
    return box(
      'error',
      h('p', { class: 'headline' }, bilingual('ตรวจเอกสารนี้ไม่สำเร็จ — ยังบอกไม่ได้ว่าเผยแพร่ได้หรือไม่', 'the check failed')),
      result.error ? h('p', { 'data-testid': 'scan-error' }, 'สาเหตุ: ', serverText(result.error.message), result.error.code ? [' ', h('code', {}, result.error.code)] : null) : null,
    );
  }
  if (leakCount > 0) {
    const severity = result.severity ? (SEVERITY_LABELS[result.severity] ?? result.severity) : null;
    return box(
      'leaks',
      h('p', { class: 'headline' }, bilingual(`พบเลขประจำตัวที่ยังไม่ปิดบัง ${count(leakCount)} รายการ — อย่าเพิ่งเผยแพร่ฉบับนี้`, `${leakCount} exposed: do not publish this version`)),
      severity
        ? h('p', { 'data-testid': 'check-severity' }, 'ความรุนแรงหากเผยแพร่: ', h('strong', { class: `severity ${result.severity}` }, severity), ' ', h('small', { lang: 'en' }, 'severity if published'))
        : null,
      result.severityReasons?.length
        ? h(
            'ul',
            { class: 'reasons' },
            result.severityReasons.map((reason) => h('li', {}, reason)),
          )
        : null,
      h('p', {}, bilingual('ปิดบังเลขเหล่านี้ (อย่างน้อย 4 หลัก) แล้วตรวจอีกครั้ง', 'mask these (at least 4 digits) and check again')),
    );
  }
  if (unreadableCount > 0) {
    return box(
      'unreadable',
      h('p', { class: 'headline' }, bilingual(`ไม่พบเลขประจำตัวที่ยังไม่ปิดบัง แต่อ่านไม่ได้ ${count(unreadableCount)} จุด — ตรวจด้วยตาก่อนเผยแพร่`, 'nothing readable exposed, but some places could not be read')),
    );
  }
  return box('clean', h('p', { class: 'headline' }, bilingual('ไม่พบเลขประจำตัวที่ยังไม่ปิดบัง — เผยแพร่ได้', 'no unmasked identifier found: fit to publish')));
}

/** Findings as a table; on a narrow screen each row is a block of labelled lines. */
function findingsTable(findings) {
  // A number shown in full has one candidate, itself: the column is for masked ones.
  const shownCandidates = (f) => (f.status === 'unmasked' ? undefined : f.candidates);
  const withCandidates = findings.some((f) => typeof shownCandidates(f) === 'number');
  const columns = [['ประเภท', 'type'], ['สถานะ', 'status'], ['ข้อมูลที่พบ (แสดงบางส่วน)', 'masked'], ['ตำแหน่ง', 'where'], ...(withCandidates ? [['เลขเต็มที่เป็นไปได้', 'candidates']] : [])];
  return h(
    'table',
    { class: 'findings' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        columns.map(([thai, english]) => h('th', { scope: 'col' }, bilingual(thai, english))),
      ),
    ),
    h(
      'tbody',
      {},
      findings.map((f) => {
        const cells = [TYPE_LABELS[f.type] ?? f.type, h('span', { class: `finding-status ${f.status}` }, STATUS_LABELS[f.status] ?? f.status), h('code', {}, f.display), f.where ?? ''];
        if (withCandidates) cells.push(candidatesText(shownCandidates(f)));
        return h(
          'tr',
          { 'data-testid': 'finding-row', 'data-status': f.status },
          cells.map((cell, i) => h('td', { 'data-label': columns[i][0] }, cell)),
        );
      }),
    ),
  );
}

/** How many full numbers agree with what a masked number shows: 1 means the mask hides nothing. */
function candidatesText(candidates) {
  if (typeof candidates !== 'number') return '–';
  if (candidates === 1) return h('span', { class: 'recoverable' }, '1 — รู้เลขเต็มได้ทันที');
  return `${count(candidates)} แบบ`;
}

/** Regions OCR could not read: not leaks, but a person must look at them. */
function unreadableView(unreadable, unreadableCount) {
  return h(
    'div',
    { class: 'unreadable-box', 'data-testid': 'check-unreadable' },
    h('h4', {}, bilingual(`อ่านไม่ได้ ${count(unreadableCount)} จุด — ตรวจด้วยตา`, 'could not be read: check by eye')),
    unreadable.length > 0
      ? h(
          'ul',
          { class: 'places' },
          unreadable.map((f) => h('li', { 'data-testid': 'unreadable-row' }, f.where ?? '', ' ', h('small', {}, `(คล้าย${TYPE_LABELS[f.type] ?? f.type})`))),
        )
      : null,
  );
}

/** The masked copy: fetched from its presigned URL and saved under its name, or why there is none. */
function maskedCopyView(checkId, maskedCopy, scanned) {
  if (!maskedCopy) return null;
  if (!maskedCopy.available) {
    return h('p', { class: 'note', 'data-testid': 'masked-copy-unavailable' }, 'ไม่มีฉบับปิดบังเลขให้ดาวน์โหลด: ', serverText(maskedCopy.reason ?? ''));
  }
  const status = h('span', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'primary', 'data-testid': 'masked-copy' }, bilingual('ดาวน์โหลดฉบับปิดบังเลข', 'download the masked copy'));
  button.addEventListener('click', async () => {
    button.setAttribute('disabled', '');
    status.className = 'status busy';
    status.replaceChildren(...bilingual('กำลังเตรียมไฟล์…', 'preparing'));
    try {
      /** @type {{url: string, fileName: string}} */
      const copy = await api(`/checks/${encodeURIComponent(checkId)}/masked-copy`);
      status.replaceChildren();
      await download(copy.url, copy.fileName, status);
    } catch (err) {
      status.className = 'status error';
      status.replaceChildren(...errorText(err));
    } finally {
      button.removeAttribute('disabled');
    }
  });
  return h(
    'div',
    { class: 'masked-copy' },
    h('p', {}, button, ' ', h('span', { class: 'file-name' }, maskedCopy.fileName), ' ', status),
    scanned ? h('p', { class: 'note' }, bilingual('สำเนาปิดเฉพาะเลขที่ OCR อ่านพบหรืออ่านไม่ออก โปรดตรวจด้วยตาทุกหน้าก่อนเผยแพร่', 'the copy covers only what OCR found: check every page by eye')) : null,
  );
}

/**
 * Saves a presigned URL's file under its name without leaving the page (the bucket allows the
 * page's origin); if the browser cannot read it, the URL is offered as a link.
 */
async function download(url, fileName, status) {
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const objectUrl = URL.createObjectURL(await response.blob());
    const link = h('a', { href: objectUrl, download: fileName, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
  } catch {
    status.className = 'status';
    status.replaceChildren(
      h('a', { href: url, download: fileName, rel: 'noopener noreferrer', 'data-testid': 'masked-copy-link' }, bilingual('เปิดลิงก์ดาวน์โหลด (ใช้ได้ 5 นาที)', 'download link, valid 5 minutes')),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The drop zone (the file input inside it is the real control) and the page's start.

function setUpDropZone() {
  const input = /** @type {HTMLInputElement} */ (byId('check-input'));
  const zone = byId('drop-zone');
  const checkAll = (files) => {
    hideNotice();
    for (const file of files) checkFile(file);
  };
  input.addEventListener('change', () => {
    checkAll([...input.files]);
    // Choosing the same file again is a new check.
    input.value = '';
  });
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', (event) => {
    if (!zone.contains(/** @type {Node} */ (event.relatedTarget))) zone.classList.remove('dragging');
  });
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    if (signedIn()) checkAll([...event.dataTransfer.files]);
  });
  // A file dropped beside the zone would replace the page (and its results) with the file.
  for (const type of ['dragover', 'drop']) window.addEventListener(type, (event) => event.preventDefault());
}

async function start() {
  const pageStatus = byId('page-status');
  try {
    config = await loadConfig();
  } catch (err) {
    pageStatus.className = 'status error';
    pageStatus.replaceChildren(h('span', {}, 'โหลดการตั้งค่าของหน้าไม่ได้ โปรดแจ้งผู้ดูแลระบบ'), ' ', h('small', { lang: 'en' }, err.message));
    return;
  }
  pageStatus.hidden = true;
  buttonById('sign-in').addEventListener('click', () => signIn().catch((err) => showNotice(bilingual('เริ่มเข้าสู่ระบบไม่ได้ ลองเปิดหน้านี้ใหม่', `sign-in could not start: ${err.message}`))));
  buttonById('sign-out').addEventListener('click', signOut);
  buttonById('clear-results').addEventListener('click', () => {
    sessionStorage.removeItem(CHECKS_KEY);
    byId('results').replaceChildren();
    byId('results-panel').hidden = true;
  });
  setUpDropZone();

  const params = new URLSearchParams(location.search);
  if (params.has('code') || params.has('error')) {
    try {
      await finishSignIn(params);
    } catch (err) {
      return showSignIn(thaiError(err), err.message);
    }
  }
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) startSession(token);
  else showSignIn();
}

start();
