// The recipient page's words: German or English by the offer's locale (the unknown-link page, which
// has no offer, by Accept-Language).
import { langOf, type Lang } from '../../platform/locale-format.js';
import { DE } from './page-texts-de.js';
import { EN } from './page-texts-en.js';

export type Texts = typeof DE;

export const textsOf = (lang: Lang): Texts => (lang === 'de' ? DE : EN);

export const textsFor = (locale: string | null | undefined): [Texts, Lang] => {
  const lang = langOf(locale);
  return [textsOf(lang), lang];
};
