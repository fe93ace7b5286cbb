// The structured content of the offer and template form: blocks (headings and text, added, edited,
// removed and moved without JavaScript) and the custom variables the texts' {{placeholders}} take.
// A block of another kind (or with more than a text) is carried as stored, as JSON in a hidden
// field: it can be moved or removed, never changed by accident. Pure: no I/O.
import type { Violation } from '../platform/errors.js';
import { blank, indices, moved, text, without } from './form-raw.js';

/** The block kinds the form edits; the recipient page shows a heading as a title and text as a paragraph. */
export const EDITABLE_BLOCKS = ['heading', 'text'] as const;

export interface BlockValues {
  type: string;
  text: string;
  /** The stored block as JSON when the form does not edit its kind; '' for a heading or text. */
  kept: string;
}

export interface VariableValues {
  key: string;
  value: string;
}

export interface ContentValues {
  blocks: BlockValues[];
  variables: VariableValues[];
}

/** The API's pattern for a custom variable's name. */
const VARIABLE_KEY = /^[A-Za-z0-9_.-]{1,100}$/;

export function parseContent(raw: Record<string, unknown>): ContentValues {
  return {
    blocks: indices(raw, 'blocks').map((i) => ({
      type: text(raw, `blocks[${i}].type`),
      text: text(raw, `blocks[${i}].text`),
      kept: text(raw, `blocks[${i}].kept`),
    })),
    variables: indices(raw, 'customVariables').map((i) => ({
      key: text(raw, `customVariables[${i}].key`),
      value: text(raw, `customVariables[${i}].value`),
    })),
  };
}

/** A block as the form shows it: heading or text with nothing but a text is edited, anything else kept. */
export function blockValues(block: Record<string, unknown>): BlockValues {
  const editable =
    (EDITABLE_BLOCKS as readonly unknown[]).includes(block.type) &&
    typeof block.text === 'string' &&
    Object.keys(block).every((k) => k === 'type' || k === 'text');
  return editable
    ? { type: String(block.type), text: String(block.text), kept: '' }
    : { type: String(block.type ?? ''), text: '', kept: JSON.stringify(block) };
}

export function contentFrom(source: {
  blocks?: readonly Record<string, unknown>[];
  customVariables?: Record<string, string> | null;
}): ContentValues {
  return {
    blocks: (source.blocks ?? []).map(blockValues),
    variables: Object.entries(source.customVariables ?? {}).map(([key, value]) => ({ key, value })),
  };
}

/** A block or variable row button: add, remove, move up or down; null when `verb` is none of them. */
export function applyContentOp(values: ContentValues, verb: string, at: string): ContentValues | null {
  const move = (by: number): ContentValues => ({ ...values, blocks: moved(values.blocks, Number(at), by) });
  switch (verb) {
    case 'add-heading':
    case 'add-text':
      return { ...values, blocks: [...values.blocks, { type: verb.slice(4), text: '', kept: '' }] };
    case 'remove-block':
      return { ...values, blocks: without(values.blocks, at) };
    case 'up-block':
      return move(-1);
    case 'down-block':
      return move(1);
    case 'add-variable':
      return { ...values, variables: [...values.variables, { key: '', value: '' }] };
    case 'remove-variable':
      return { ...values, variables: without(values.variables, at) };
    default:
      return null;
  }
}

/** Rows left entirely empty (added and never filled in) are not content. */
export const contentWithoutEmptyRows = (values: ContentValues): ContentValues => ({
  blocks: values.blocks.filter((b) => !(blank(b.kept) && blank(b.text))),
  variables: values.variables.filter((v) => !(blank(v.key) && blank(v.value))),
});

/** A hand-made post could nest a "kept" block deeper than anything walking it (the save's comparison) should recurse. */
function deeperThan(value: unknown, limit: number): boolean {
  if (!value || typeof value !== 'object') return false;
  if (limit === 0) return true;
  return Object.values(value).some((v) => deeperThan(v, limit - 1));
}

/** The API's `blocks` and `customVariables`; names the form cannot take (malformed, twice) are problems at their row. */
export function contentBody(
  values: ContentValues,
  messages: { variableKey: string; duplicateKey: string; keptBlock: string },
): { blocks: Record<string, unknown>[]; customVariables: Record<string, string>; problems: Violation[] } {
  const problems: Violation[] = [];
  const blocks = values.blocks.map((b, i) => {
    if (blank(b.kept)) return { type: b.type, text: b.text };
    try {
      const parsed: unknown = JSON.parse(b.kept);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && !deeperThan(parsed, 32))
        return parsed as Record<string, unknown>;
    } catch {
      // reported below
    }
    problems.push({ propertyPath: `blocks[${i}]`, message: messages.keptBlock });
    return { type: b.type };
  });
  const customVariables: Record<string, string> = {};
  values.variables.forEach((v, i) => {
    const key = v.key.trim();
    if (!VARIABLE_KEY.test(key)) problems.push({ propertyPath: `customVariables[${i}].key`, message: messages.variableKey });
    else if (Object.hasOwn(customVariables, key))
      problems.push({ propertyPath: `customVariables[${i}].key`, message: messages.duplicateKey });
    else customVariables[key] = v.value;
  });
  return { blocks, customVariables, problems };
}

/** The form field of a violation the API reports by variable name (`customVariables.intro`): that row's value. */
export function variableField(propertyPath: string, values: ContentValues): string | null {
  const m = /^customVariables(?:\.([A-Za-z0-9_.-]+)|\[(\d+)\])$/.exec(propertyPath);
  if (!m) return null;
  const key = m[1] ?? m[2];
  const row = values.variables.findIndex((v) => v.key.trim() === key);
  return row >= 0 ? `customVariables[${row}].value` : null;
}
