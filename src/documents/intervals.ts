// A billing interval in words: "pro Monat", "alle 3 Monate" / "per month", "every 3 months".
const INTERVAL_LABEL: Record<string, [string, string]> = {
  H: ['Stunde', 'hour'],
  D: ['Tag', 'day'],
  W: ['Woche', 'week'],
  M: ['Monat', 'month'],
  Y: ['Jahr', 'year'],
};

export function intervalText(interval: string | null, locale?: string): string {
  const german = (locale ?? 'de').toLowerCase().startsWith('de');
  if (!interval) return german ? 'einmalig' : 'one-time';
  const n = Number(interval.slice(0, -1));
  const [de, en] = INTERVAL_LABEL[interval.slice(-1)] ?? ['', ''];
  if (german) return n === 1 ? `pro ${de}` : `alle ${n} ${de}${de.endsWith('e') ? 'n' : 'e'}`;
  return n === 1 ? `per ${en}` : `every ${n} ${en}s`;
}
