// How much one offer may say. The schemas cap each field (items and characters); this caps the whole,
// so that one published version renders in bounded time and memory (documents/render-off-thread.ts)
// and one row stays small. Checked where content is written or combined: create (after the template's
// content is merged), update (the merged result), template create/update, and publish (offers written
// before the cap). Sections and blocks count as rendered, with their {{variables}} filled in: a
// short text full of placeholders for one long variable would otherwise expand to megabytes. A 422
// names the field that holds the most. Pure: no I/O.
import { resolvedLength } from '../documents/offer-documents.js';
import { AppError, type Violation } from '../platform/errors.js';

/** The content of one offer in all, as JSON characters: sections, blocks, line items, custom variables. */
export const MAX_CONTENT_BYTES = 256 * 1024;

export interface SizedContent {
  sections?: unknown;
  blocks?: unknown;
  lineItems?: unknown;
  customVariables?: unknown;
}

const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

/** The violation when the content is too large, else null. */
export function contentSizeViolation(content: SizedContent): Violation | null {
  const vars = (content.customVariables ?? null) as Record<string, string> | null;
  const size = (field: keyof SizedContent) => {
    const value = content[field];
    if (value === undefined || value === null) return 0;
    const json = JSON.stringify(value);
    return field === 'sections' || field === 'blocks' ? resolvedLength(json, vars) : json.length;
  };
  const parts = (['sections', 'blocks', 'lineItems', 'customVariables'] as const).map((field) => ({ field, bytes: size(field) }));
  const total = parts.reduce((sum, p) => sum + p.bytes, 0);
  if (total <= MAX_CONTENT_BYTES) return null;
  const largest = parts.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  return {
    propertyPath: largest.field,
    message: `The offer's content is ${kb(total)}; at most ${kb(MAX_CONTENT_BYTES)} in all (sections, blocks, lineItems, customVariables; {{variables}} filled in). ${largest.field} holds ${kb(largest.bytes)}.`,
  };
}

/** Throws the 422 (with `message` as its title) when the content is too large. */
export function checkContentSize(content: SizedContent, message = 'The request body is invalid.'): void {
  const violation = contentSizeViolation(content);
  if (violation) throw new AppError('unprocessable', message, [violation]);
}
