// The words of a schema violation (one ajv issue) in English (the API's, unchanged) and German (the
// console's German pages). The `code` of a violation does not depend on the language.
import type { Lang } from './locale-format.js';

export interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function english(issue: AjvIssue): string {
  switch (issue.keyword) {
    case 'required':
      return 'This value is required.';
    case 'additionalProperties':
      return `Unknown field "${String(issue.params.additionalProperty)}".`;
    case 'enum':
      return `Must be one of: ${(issue.params.allowedValues as unknown[]).join(', ')}.`;
    default:
      return issue.message ? `${issue.message[0]!.toUpperCase()}${issue.message.slice(1)}.` : 'This value is invalid.';
  }
}

const TYPES_DE: Record<string, string> = {
  string: 'ein Text',
  number: 'eine Zahl',
  integer: 'eine ganze Zahl',
  boolean: 'wahr oder falsch',
  array: 'eine Liste',
  object: 'ein Objekt',
  null: 'leer',
};

function german(issue: AjvIssue): string {
  const p = issue.params;
  const limit = String(p.limit ?? '');
  switch (issue.keyword) {
    case 'required':
      return 'Dieser Wert ist erforderlich.';
    case 'additionalProperties':
      return `Unbekanntes Feld „${String(p.additionalProperty)}“.`;
    case 'enum':
      return `Erlaubt ist nur: ${(p.allowedValues as unknown[]).join(', ')}.`;
    case 'const':
      return `Erlaubt ist nur: ${String(p.allowedValue)}.`;
    case 'type':
      return `Muss ${String(p.type)
        .split(',')
        .map((t) => TYPES_DE[t] ?? t)
        .join(' oder ')} sein.`;
    case 'maxLength':
      return `Höchstens ${limit} Zeichen.`;
    case 'minLength':
      return p.limit === 1 ? 'Darf nicht leer sein.' : `Mindestens ${limit} Zeichen.`;
    case 'maxItems':
    case 'maxProperties':
      return `Höchstens ${limit} Einträge.`;
    case 'minItems':
    case 'minProperties':
      return `Mindestens ${limit} Einträge.`;
    case 'maximum':
      return `Darf höchstens ${limit} sein.`;
    case 'exclusiveMaximum':
      return `Muss kleiner als ${limit} sein.`;
    case 'minimum':
      return `Muss mindestens ${limit} sein.`;
    case 'exclusiveMinimum':
      return `Muss größer als ${limit} sein.`;
    case 'format':
      return `Hat nicht das Format „${String(p.format)}“.`;
    case 'pattern':
      return 'Hat nicht das erwartete Format.';
    case 'uniqueItems':
      return 'Ein Eintrag kommt doppelt vor.';
    case 'anyOf':
    case 'oneOf':
      return 'Passt zu keiner der erlaubten Formen.';
    default:
      return 'Dieser Wert ist ungültig.';
  }
}

/** The message of one issue; English unless `lang` asks for German. */
export const describeIssue = (issue: AjvIssue, lang: Lang = 'en'): string => (lang === 'de' ? german(issue) : english(issue));
