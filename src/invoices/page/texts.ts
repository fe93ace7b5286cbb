// Everything the payer reads on the hosted invoice page, in English and German (by Accept-Language).
// `client` is the part the page's script needs (copy confirmation, countdowns), sent as JSON.
import type { Lang } from '../../platform/locale-format.js';
import type { FailureReason } from './view.js';

export interface PageTexts {
  pageTitle: string;
  testBanner: string;
  testHelp: string;
  statuses: Record<string, string>;
  choose: string;
  approx: string;
  payWith: string;
  sendExactly: string;
  to: string;
  network: string;
  copyAmount: string;
  copyAddress: string;
  openWallet: string;
  qr: (what: string) => string;
  received: string;
  waiting: (seen: number, required: number) => string;
  simulatePay: string;
  simulatePartial: string;
  simulateConfirm: string;
  receiptTitle: string;
  amountPaid: string;
  invoiceAmount: string;
  currency: string;
  transactions: string;
  paidAt: string;
  paidTo: string;
  backToShop: string;
  failedTitle: string;
  reasons: Record<FailureReason, string>;
  doNotPay: string;
  receivedSoFar: string;
  client: {
    copied: string;
    timeLeft: string;
    redirecting: string;
    stay: string;
    stayed: string;
    failed: string;
  };
}

const en: PageTexts = {
  pageTitle: 'Pay invoice',
  testBanner: 'Test mode — no real money moves',
  testHelp: 'This is a test invoice. The buttons below simulate the payer and the network.',
  statuses: {
    created: 'Choose how to pay',
    pending: 'Waiting for your payment',
    processing: 'Payment received, waiting for confirmations',
    confirmed: 'Paid',
    failed: 'Not paid',
  },
  choose: 'Choose the currency to pay with:',
  approx: 'about',
  payWith: 'Pay with',
  sendExactly: 'Send exactly',
  to: 'to this address',
  network: 'Network',
  copyAmount: 'Copy amount',
  copyAddress: 'Copy address',
  openWallet: 'Open in wallet',
  qr: (what) => `QR code to pay ${what} from a wallet app`,
  received: 'Received so far',
  waiting: (seen, required) => `Waiting for ${seen} of ${required} confirmations`,
  simulatePay: 'Simulate full payment',
  simulatePartial: 'Simulate partial payment',
  simulateConfirm: 'Simulate confirmations',
  receiptTitle: 'Payment received — thank you',
  amountPaid: 'Amount paid',
  invoiceAmount: 'Invoice amount',
  currency: 'Currency',
  transactions: 'Transactions',
  paidAt: 'Confirmed at',
  paidTo: 'Paid to',
  backToShop: 'Back to the shop',
  failedTitle: 'This invoice can no longer be paid',
  reasons: {
    not_paid: 'The time to pay ran out before a payment arrived.',
    paid_less: 'Less than the amount due arrived before the time ran out.',
    processing_too_long: 'The network did not confirm the payment in time.',
    cancelled: 'The shop cancelled this invoice.',
    other: 'This invoice was closed.',
  },
  doNotPay: 'Do not send any money for this invoice. If you already sent some, contact the shop.',
  receivedSoFar: 'Received',
  client: {
    copied: 'Copied',
    timeLeft: 'Time left:',
    redirecting: 'Returning you to the shop in {s} s.',
    stay: 'Stay on this page',
    stayed: 'You stay on this page.',
    failed: 'Something went wrong. Please try again.',
  },
};

const de: PageTexts = {
  pageTitle: 'Rechnung bezahlen',
  testBanner: 'Testmodus — es wird kein echtes Geld bewegt',
  testHelp: 'Dies ist eine Testrechnung. Die Schaltflächen unten simulieren den Zahler und das Netzwerk.',
  statuses: {
    created: 'Zahlungsart wählen',
    pending: 'Warten auf Ihre Zahlung',
    processing: 'Zahlung eingegangen, warten auf Bestätigungen',
    confirmed: 'Bezahlt',
    failed: 'Nicht bezahlt',
  },
  choose: 'Wählen Sie die Währung, mit der Sie zahlen:',
  approx: 'etwa',
  payWith: 'Zahlen mit',
  sendExactly: 'Senden Sie genau',
  to: 'an diese Adresse',
  network: 'Netzwerk',
  copyAmount: 'Betrag kopieren',
  copyAddress: 'Adresse kopieren',
  openWallet: 'In der Wallet öffnen',
  qr: (what) => `QR-Code, um ${what} mit einer Wallet-App zu zahlen`,
  received: 'Bisher eingegangen',
  waiting: (seen, required) => `Warten auf Bestätigungen: ${seen} von ${required}`,
  simulatePay: 'Vollständige Zahlung simulieren',
  simulatePartial: 'Teilzahlung simulieren',
  simulateConfirm: 'Bestätigungen simulieren',
  receiptTitle: 'Zahlung erhalten — vielen Dank',
  amountPaid: 'Gezahlter Betrag',
  invoiceAmount: 'Rechnungsbetrag',
  currency: 'Währung',
  transactions: 'Transaktionen',
  paidAt: 'Bestätigt am',
  paidTo: 'Bezahlt an',
  backToShop: 'Zurück zum Shop',
  failedTitle: 'Diese Rechnung kann nicht mehr bezahlt werden',
  reasons: {
    not_paid: 'Die Zahlungsfrist ist abgelaufen, ohne dass eine Zahlung einging.',
    paid_less: 'Bis zum Ablauf der Frist ging weniger als der fällige Betrag ein.',
    processing_too_long: 'Das Netzwerk hat die Zahlung nicht rechtzeitig bestätigt.',
    cancelled: 'Der Shop hat diese Rechnung storniert.',
    other: 'Diese Rechnung wurde geschlossen.',
  },
  doNotPay: 'Senden Sie für diese Rechnung kein Geld mehr. Falls Sie schon etwas gesendet haben, wenden Sie sich an den Shop.',
  receivedSoFar: 'Eingegangen',
  client: {
    copied: 'Kopiert',
    timeLeft: 'Verbleibende Zeit:',
    redirecting: 'Sie werden in {s} s zum Shop zurückgeleitet.',
    stay: 'Auf dieser Seite bleiben',
    stayed: 'Sie bleiben auf dieser Seite.',
    failed: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  },
};

export const PAGE_TEXTS: Record<Lang, PageTexts> = { en, de };
