// The use cases' refusals in German for the console's German pages. The use cases speak the API's
// English (documented, unchanged); the console translates the messages it knows, whole or by
// pattern, and shows any other one in English rather than guess.
import { AppError } from '../platform/errors.js';
import type { Lang } from '../platform/locale-format.js';

const EXACT: Record<string, string> = {
  'The request body is invalid.': 'Die Eingaben sind ungültig.',
  'The request is invalid.': 'Die Anfrage ist ungültig.',
  'The request parameters are invalid.': 'Die Parameter sind ungültig.',
  'This value is required.': 'Dieser Wert ist erforderlich.',
  'The approval policy is invalid.': 'Die Freigaberichtlinie ist ungültig.',
  'The approval policy cannot approve this offer.': 'Die Freigaberichtlinie kann dieses Angebot nicht freigeben.',
  'No active API token of this organisation has this id.': 'Kein aktives API-Token dieser Organisation hat diese ID.',
  'No user of this organisation with a role that may decide approvals (owner, admin, approver) has this id.':
    'Kein Benutzer dieser Organisation mit einer Rolle, die freigeben darf (Inhaber, Admin, Freigebende), hat diese ID.',
  'An approver is named twice.': 'Ein Freigebender ist doppelt genannt.',
  'A step needs at least one approver (token) or user.': 'Eine Stufe braucht mindestens eine Person oder ein API-Token.',
  'The offer cannot be published.': 'Das Angebot kann nicht veröffentlicht werden.',
  'The offer has expired; set a later validUntil first.': 'Das Angebot ist abgelaufen; setzen Sie zuerst ein späteres Gültig-bis-Datum.',
  'Publish to at least one recipient.': 'Veröffentlichen Sie an mindestens einen Empfänger.',
  'An e-signature offer needs at least one recipient with role "sign".':
    'Ein Angebot mit E-Signatur braucht mindestens einen Empfänger mit der Rolle „unterschreiben“.',
  'No such recipient on this offer.': 'Diesen Empfänger gibt es bei diesem Angebot nicht.',
  'The offer already has a recipient with this e-mail address.': 'Das Angebot hat schon einen Empfänger mit dieser E-Mail-Adresse.',
  'All line items of an offer must share one currency.': 'Alle Positionen eines Angebots brauchen dieselbe Währung.',
  'validUntil and dealType are frozen at publish.': 'Gültig-bis und Vertragsart sind seit der Veröffentlichung fest.',
  'This value is not a valid date-time.': 'Dieser Wert ist kein gültiges Datum mit Uhrzeit.',
  'name and title are aliases; send one of them.': 'Name und Titel sind dasselbe; geben Sie nur eines an.',
  'The offer has no pending approval request.': 'Das Angebot hat keine offene Freigabe-Anfrage.',
  'This approval request was replaced by a newer one; only a pending request can be decided.':
    'Diese Freigabe-Anfrage wurde durch eine neuere ersetzt; nur eine offene Anfrage kann entschieden werden.',
  'Your role may not decide approval requests.': 'Ihre Rolle darf Freigabe-Anfragen nicht entscheiden.',
  'A user with this e-mail address already exists in the organisation.':
    'In der Organisation gibt es schon einen Benutzer mit dieser E-Mail-Adresse.',
  'The organisation needs at least one owner.': 'Die Organisation braucht mindestens einen Inhaber.',
  'Only an owner may make, change or remove an owner.': 'Nur ein Inhaber darf einen Inhaber ernennen, ändern oder entfernen.',
  'This token is revoked already; create a new one.': 'Dieses Token ist bereits widerrufen; legen Sie ein neues an.',
  'The user is invalid.': 'Die Angaben zum Benutzer sind ungültig.',
  'The organisation profile is invalid.': 'Das Organisationsprofil ist ungültig.',
  'The merchant settings are invalid.': 'Die Zahlungseinstellungen sind ungültig.',
  "The evm xpub must be an account-level extended public key (xpub…, BIP-44 m/44'/60'/0').":
    "Der xpub muss ein erweiterter öffentlicher Schlüssel auf Kontoebene sein (xpub…, BIP-44 m/44'/60'/0').",
  'The evm xpub can only be removed in sandbox mode: live invoices take their addresses from it.':
    'Der xpub kann nur im Sandbox-Modus entfernt werden: Live-Rechnungen nehmen ihre Adressen daraus.',
  'Live mode needs a valid evm xpub (an account-level extended public key).':
    'Der Live-Modus braucht einen gültigen xpub (einen erweiterten öffentlichen Schlüssel auf Kontoebene).',
  'The webhook endpoint is disabled; enable it first (PATCH /webhooks/{id}).':
    'Der Webhook-Endpunkt ist deaktiviert; aktivieren Sie ihn zuerst.',
};

/** Messages with a value in them: the English pattern and its German text. */
const PATTERNS: [RegExp, (...m: string[]) => string][] = [
  [
    /^The offer is "(\w+)"; "(\w+)" is allowed only when it is (.+)\.$/,
    (status, action, allowed) => `Das Angebot ist „${status}“; „${action}“ geht nur, wenn es ${allowed.replaceAll(' or ', ' oder ')} ist.`,
  ],
  [
    /^The offer is not in a signing state \(status "(\w+)"\)\.$/,
    (status) => `Das Angebot wird gerade nicht unterschrieben (Status „${status}“).`,
  ],
  [
    /^The quorum cannot exceed the step's (\d+) approver\(s\)\.$/,
    (n) => `Die nötigen Freigaben können nicht mehr als die ${n} Freigebenden der Stufe sein.`,
  ],
  [
    /^The delivery is (\w+); try again when the attempt has finished\.$/,
    (s) => `Die Zustellung ist „${s}“; versuchen Sie es erneut, wenn der Versuch beendet ist.`,
  ],
  [/^(.+) not found\.$/, () => 'Nicht gefunden.'],
];

/** One message in `lang`: German when it is known, otherwise the English as it is. */
export function localiseMessage(message: string, lang: Lang): string {
  if (lang !== 'de') return message;
  const exact = EXACT[message];
  if (exact) return exact;
  for (const [pattern, german] of PATTERNS) {
    const m = pattern.exec(message);
    if (m) return german(...m.slice(1));
  }
  return message;
}

/** The error with its message and its violations' messages in `lang` (same code, status and paths). */
export function localiseError(error: AppError, lang: Lang): AppError {
  if (lang !== 'de') return error;
  return new AppError(
    error.code,
    localiseMessage(error.message, lang),
    error.violations.map((v) => ({ ...v, message: localiseMessage(v.message, lang) })),
  );
}
