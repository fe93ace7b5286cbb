// The form controls of the offer and template editor: a labelled field with its hint and its messages
// (tied by aria-describedby), text inputs, text areas, selects, and the submit buttons that change
// the form's rows by posting it back.
import { escapeHtml } from '../platform/html.js';

export interface FormErrors {
  /** Messages by field name. */
  fields: Record<string, string[]>;
  /** Every message with what it is about, for the summary at the top. */
  summary: string[];
}

export const idOf = (name: string) => `f-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;

export function field(name: string, label: string, control: (attrs: string) => string, errors: FormErrors | null, hint = ''): string {
  const id = idOf(name);
  const messages = errors?.fields[name] ?? [];
  const described = [hint ? `${id}-hint` : '', messages.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  const attrs = `id="${id}" name="${escapeHtml(name)}"${messages.length ? ' aria-invalid="true"' : ''}${described ? ` aria-describedby="${described}"` : ''}`;
  return `<div class="field"><label for="${id}">${escapeHtml(label)}</label>${control(attrs)}${
    hint ? `<p class="muted hint" id="${id}-hint">${escapeHtml(hint)}</p>` : ''
  }${messages.length ? `<p class="field-error" id="${id}-error">${messages.map(escapeHtml).join(' ')}</p>` : ''}</div>`;
}

export const input =
  (value: string, extra = '') =>
  (attrs: string) =>
    `<input type="text" ${attrs} value="${escapeHtml(value)}"${extra ? ` ${extra}` : ''}>`;
export const textarea =
  (value: string, rows = 4) =>
  (attrs: string) =>
    `<textarea ${attrs} rows="${rows}">${escapeHtml(value)}</textarea>`;
export const select = (value: string, options: [string, string][]) => (attrs: string) => {
  const known = options.some(([v]) => v === value) ? options : [...options, [value, value] as [string, string]];
  return `<select ${attrs}>${known
    .map(([v, l]) => `<option value="${escapeHtml(v)}"${v === value ? ' selected' : ''}>${escapeHtml(l)}</option>`)
    .join('')}</select>`;
};
export const choices = (values: readonly string[], labels: Record<string, string>): [string, string][] =>
  values.map((v) => [v, labels[v] ?? v]);
export const rowButton = (op: string, label: string) =>
  `<button type="submit" class="secondary" name="_op" value="${escapeHtml(op)}" formnovalidate>${escapeHtml(label)}</button>`;
