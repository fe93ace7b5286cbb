// Dates and amounts in the reader's locale, for pages, PDFs and e-mails alike:
// 31.01.2027 and 18.100,00 € in German, January 31, 2027 and €18,100.00 in English.
// Intl with Node's full ICU; formatters are cached because constructing one costs far more than using it.

export type Lang = 'de' | 'en';

const LOCALES: Record<Lang, string> = { de: 'de-DE', en: 'en-US' };

/** 'de' for any German locale tag (de, de-AT, de_CH), else 'en'. */
export const langOf = (locale: string | null | undefined): Lang => ((locale ?? 'de').toLowerCase().startsWith('de') ? 'de' : 'en');

/** The first supported language in an Accept-Language header, by quality; `fallback` when none is. */
export function langFromAcceptLanguage(header: string | undefined, fallback: Lang = 'en'): Lang {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag.startsWith('de')) return 'de';
    if (tag.startsWith('en')) return 'en';
  }
  return fallback;
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let formatter = cache.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    cache.set(key, formatter);
  }
  return formatter;
}

/** Minor units of an ISO 4217 currency (2 for EUR, 0 for JPY), from ICU. */
export function minorUnits(currency: string): number {
  return cached(`units:${currency}`, () => new Intl.NumberFormat('en', { style: 'currency', currency })).resolvedOptions()
    .maximumFractionDigits as number;
}

/** An amount in minor units (cents) as money: 18.100,00 € / €18,100.00; 5.000 ¥ / ¥5,000 for JPY. */
export function formatMoney(minor: bigint | number, currency: string, lang: Lang): string {
  const digits = minorUnits(currency);
  const value = BigInt(minor);
  const scale = 10n ** BigInt(digits);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  // A decimal string keeps exact cents past 2^53; Intl.NumberFormat.format accepts it.
  const decimal = `${negative ? '-' : ''}${abs / scale}${digits > 0 ? `.${(abs % scale).toString().padStart(digits, '0')}` : ''}`;
  const formatter = cached(`money:${lang}:${currency}`, () => new Intl.NumberFormat(LOCALES[lang], { style: 'currency', currency }));
  return formatter.format(decimal as unknown as number);
}

/** A percent as written in the locale: 19 %, 7,5 % / 19%, 7.5%. */
export function formatPercent(percent: number, lang: Lang): string {
  return cached(`pct:${lang}`, () => new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: 2 })).format(
    percent / 100,
  );
}

/** A plain number with grouping: 1.250 / 1,250. */
export function formatNumber(value: number, lang: Lang): string {
  return cached(`num:${lang}`, () => new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 20 })).format(value);
}

/** A calendar date: 31.01.2027 / January 31, 2027. */
export function formatDate(date: Date, lang: Lang, timeZone = 'UTC'): string {
  const options: Intl.DateTimeFormatOptions =
    lang === 'de'
      ? { day: '2-digit', month: '2-digit', year: 'numeric', timeZone }
      : { day: 'numeric', month: 'long', year: 'numeric', timeZone };
  return cached(`date:${lang}:${timeZone}`, () => new Intl.DateTimeFormat(LOCALES[lang], options)).format(date);
}

/** Date and time with the zone named: 31.01.2027, 14:05 UTC / January 31, 2027 at 2:05 PM UTC. */
export function formatDateTime(date: Date, lang: Lang, timeZone = 'UTC'): string {
  const options: Intl.DateTimeFormatOptions = {
    ...(lang === 'de' ? { day: '2-digit', month: '2-digit' } : { day: 'numeric', month: 'long' }),
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  };
  return cached(`datetime:${lang}:${timeZone}`, () => new Intl.DateTimeFormat(LOCALES[lang], options)).format(date);
}
