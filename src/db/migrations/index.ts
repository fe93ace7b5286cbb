// The ordered list of migrations. Append only: a released migration is never edited.
import foundation from './0001_foundation.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [foundation];
