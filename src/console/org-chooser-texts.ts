// The words of the organisation chooser (org-chooser-routes.ts, org-chooser-view.ts).
import type { Lang } from '../platform/locale-format.js';

const en = {
  title: 'Choose an organisation',
  intro: 'Your e-mail address and password belong to accounts in several organisations. Which one do you want to work in?',
  organisation: 'Organisation',
  role: (role: string) => `as ${role}`,
  continue: 'Continue',
  expired: 'The choice has expired. Please sign in again.',
  switchTitle: 'Switch organisation',
  switchIntro: 'If your e-mail address has accounts in other organisations with the same password, enter the password to choose one.',
  switchButton: 'Choose organisation',
  switchNone: 'No other organisation has an account with this e-mail address and password.',
};

export type ChooserTexts = typeof en;

const de: ChooserTexts = {
  title: 'Organisation wählen',
  intro: 'Zu Ihrer E-Mail-Adresse und Ihrem Passwort gehören Konten in mehreren Organisationen. In welcher möchten Sie arbeiten?',
  organisation: 'Organisation',
  role: (role: string) => `als ${role}`,
  continue: 'Weiter',
  expired: 'Die Auswahl ist abgelaufen. Bitte melden Sie sich erneut an.',
  switchTitle: 'Organisation wechseln',
  switchIntro:
    'Hat Ihre E-Mail-Adresse Konten in anderen Organisationen mit demselben Passwort, geben Sie das Passwort ein, um eine zu wählen.',
  switchButton: 'Organisation wählen',
  switchNone: 'Keine andere Organisation hat ein Konto mit dieser E-Mail-Adresse und diesem Passwort.',
};

export const chooserTextsFor = (lang: Lang): ChooserTexts => (lang === 'de' ? de : en);
