// Reading a posted form (`application/x-www-form-urlencoded`, fields named by the API's property
// paths such as `lineItems[2].name`): one text value, the row indices a prefix holds, and the row
// buttons' removal and move. Pure.

/** Rows past this index are not read: the schema's caps (200 lines and blocks, 100 paragraphs and variables) are far below it. */
const MAX_INDEX = 400;

/** A field's text, line breaks as \n; '' when it is absent or not text. */
export const text = (raw: Record<string, unknown>, key: string): string => {
  const value = raw[key];
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : '';
};

/** The indices `prefix[i]…` the form holds, in order. */
export function indices(raw: Record<string, unknown>, prefix: string): number[] {
  const found = new Set<number>();
  const pattern = new RegExp(`^${prefix.replace(/[[\]]/g, '\\$&')}\\[(\\d{1,3})\\]`);
  for (const key of Object.keys(raw)) {
    const m = pattern.exec(key);
    if (m && Number(m[1]) < MAX_INDEX) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

/** The rows without the one at `at` (a row button's index, as posted). */
export const without = <T>(rows: T[], at: string): T[] => rows.filter((_, i) => String(i) !== at);

/** The rows with the one at `from` swapped with its neighbour `by` (±1) away; the same rows when either is out of range. */
export function moved<T>(rows: readonly T[], from: number, by: number): T[] {
  const out = [...rows];
  const to = from + by;
  if (!Number.isInteger(from) || from < 0 || from >= out.length || to < 0 || to >= out.length) return out;
  [out[from], out[to]] = [out[to]!, out[from]!];
  return out;
}

export const blank = (s: string): boolean => s.trim() === '';
