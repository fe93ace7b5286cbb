// Types for scripts/v8-crash.mjs, which `npm test` loads with plain Node (no TypeScript loader).
export default function v8CrashReporter(source: AsyncIterable<unknown>): AsyncGenerator<string>;
export function retriableFiles(lines: string): string[];
export function onlyRetriableFailures(lines: string): boolean;
