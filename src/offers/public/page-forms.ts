// The recipient's forms: accept (click mode), sign (typed name, drawn signature, consent), invoice
// details and decline. Each is a plain HTML form posting to /o/{token}/…; a failed invoice-details
// submit comes back filled in, each message next to its field and the first invalid field focused.
import { MAX_DECLINE_REASON } from './decline.js';
import { esc } from './page-layout.js';
import type { Texts } from './page-texts.js';
import type { PublicView } from './view.js';

/** A submitted invoice-details form that failed: what was typed, and a message per field. */
export interface DetailsForm {
  values: Record<string, string>;
  errors: Record<string, string>;
}

const FIELDS: [keyof Texts['f'], boolean, string, string][] = [
  ['companyName', true, 'text', 'organization'],
  ['vatId', false, 'text', ''],
  ['firstName', false, 'text', 'given-name'],
  ['lastName', false, 'text', 'family-name'],
  ['street', true, 'text', 'address-line1'],
  ['addressLine2', false, 'text', 'address-line2'],
  ['zip', true, 'text', 'postal-code'],
  ['city', true, 'text', 'address-level2'],
  ['country', true, 'text', 'country'],
  ['email', true, 'email', 'email'],
  ['phone', false, 'text', 'tel'],
  ['poNumber', false, 'text', ''],
  ['costCenter', false, 'text', ''],
  ['leitwegId', false, 'text', ''],
];

export function acceptForm(action: string, t: Texts): string {
  return `<form method="post" action="${action}" id="accept-form"><h2>${t.acceptTitle}</h2>
<label class="check"><input type="checkbox" name="consent" value="true" required id="accept-consent"> <span>${t.acceptConsent}</span></label>
<button type="submit" class="primary">${t.acceptButton}</button></form>`;
}

export function signForm(action: string, v: PublicView, t: Texts, bad: Set<string>): string {
  const name = [v.recipient.firstName, v.recipient.lastName].filter(Boolean).join(' ');
  return `<form method="post" action="${action}" id="sign-form"><h2>${t.signTitle}</h2>
<label for="fullName">${t.fullName} *</label><input type="text" id="fullName" name="fullName" required minlength="2" maxlength="200" autocomplete="name" value="${esc(name)}"${bad.has('fullName') ? ' class="invalid" aria-invalid="true"' : ''}>
<label for="pad">${t.pad}</label><canvas id="pad" tabindex="0" role="img" aria-label="${t.pad}"></canvas>
<noscript><p class="notice error">${t.noscript}</p></noscript>
<p id="pad-message" class="muted" role="alert" data-text="${t.drawFirst}"></p>
<button type="button" id="pad-clear">${t.clear}</button><button type="button" id="pad-typed">${t.typed}</button>
<input type="hidden" name="signatureImage" id="signatureImage" value="">
<label class="check"><input type="checkbox" name="consent" value="true" required id="sign-consent"> <span>${t.signConsent}</span></label>
<button type="submit" class="primary">${t.signButton}</button></form>`;
}

export function detailsForm(action: string, v: PublicView, t: Texts, failed: DetailsForm | null, bad: Set<string>): string {
  const values = failed?.values ?? v.offer.capturedInvoiceDetails ?? {};
  const errors = failed?.errors ?? {};
  const first = FIELDS.map(([name]) => name).find((name) => errors[name] !== undefined || bad.has(name));
  const fields = FIELDS.map(([name, required, type, autocomplete]) => {
    const message = errors[name] ?? (bad.has(name) ? t.fieldErrors.invalid : undefined);
    const id = `f-${name}`;
    const invalid =
      message !== undefined
        ? ` class="invalid" aria-invalid="true" aria-describedby="${id}-error"${name === first ? ' autofocus' : ''}`
        : '';
    return `<div><label for="${id}">${esc(t.f[name])}${required ? ' *' : ` <span class="muted">(${t.optional})</span>`}</label>
<input type="${type}" id="${id}" name="${name}"${required ? ' required' : ''}${autocomplete ? ` autocomplete="${autocomplete}"` : ''} maxlength="200" value="${esc(values[name] ?? '')}"${invalid}>${message !== undefined ? `<p class="field-error" id="${id}-error">${esc(message)}</p>` : ''}</div>`;
  });
  const poError = errors.purchaseOrder;
  const count = Object.keys(errors).length;
  return `<form method="post" action="${action}" enctype="multipart/form-data" id="details-form"><h2>${t.detailsTitle}</h2>
${count > 0 ? `<div class="notice error" role="alert" id="details-errors">${esc(t.formErrors(count))}${failed ? ` ${esc(t.fileAgain)}` : ''}</div>` : ''}<div class="grid">
${fields.join('\n')}
</div><label for="purchaseOrder">${t.po}</label><input type="file" id="purchaseOrder" name="purchaseOrder" accept="application/pdf"${poError ? ` aria-invalid="true" aria-describedby="purchaseOrder-error"${first ? '' : ' autofocus'}` : ''}>${poError ? `<p class="field-error" id="purchaseOrder-error">${esc(poError)}</p>` : ''}
<div><button type="submit" class="primary">${t.detailsButton}</button></div></form>`;
}

export function declineForm(action: string, t: Texts, seller: string): string {
  return `<details class="decline" id="decline"><summary>${t.declineTitle}</summary>
<form method="post" action="${action}" id="decline-form"><p>${esc(t.declineText(seller))}</p>
<label for="decline-reason">${t.declineReason}</label><textarea id="decline-reason" name="reason" rows="3" maxlength="${MAX_DECLINE_REASON}"></textarea>
<button type="submit" class="danger">${t.declineButton}</button></form></details>`;
}
