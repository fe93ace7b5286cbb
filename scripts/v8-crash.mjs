// A test file whose process V8 itself aborted in its JIT-page bookkeeping (ThreadIsolation) is run
// once more by `npm test`. The abort is a known V8 bug hit when many PGlite WebAssembly instances
// are created and freed across worker threads (nodejs/node#64500, archestra-ai/archestra#6177);
// the tests start an embedded-database thread per suite, a server keeps one for its lifetime.
// The match is narrow on purpose: a file is retried only when the process died on a signal, its
// stderr carries one of these V8 checks, and none of its tests failed. Results the process had not
// reported when it died are lost, so the whole file runs again and that run decides.
const V8_JIT_PAGE_CHECK = /Check failed: jit_page(\.has_value\(\)|_->allocations_)/;

/** Node test reporter: one JSON line per file-level failure and per V8 JIT-page check on stderr. */
export default async function* v8CrashReporter(source) {
  for await (const event of source) {
    if (event.type === 'test:stderr' && V8_JIT_PAGE_CHECK.test(event.data.message)) {
      yield `${JSON.stringify({ file: event.data.file, v8Check: true })}\n`;
    } else if (event.type === 'test:fail') {
      const error = event.data.details?.error;
      const fileLevel = event.data.nesting === 0 && event.data.name === event.data.file;
      yield `${JSON.stringify({
        file: event.data.file,
        fileLevel,
        signal: fileLevel ? (error?.signal ?? null) : null,
        cancelled: error?.failureType === 'cancelledByParent',
      })}\n`;
    }
  }
}

/** The files to run again, from the reporter's lines: aborted by V8's JIT-page check and nothing else failed. */
export function retriableFiles(lines) {
  const byFile = new Map();
  for (const line of lines.split('\n').filter(Boolean)) {
    const entry = JSON.parse(line);
    if (!entry.file) continue;
    const state = byFile.get(entry.file) ?? { v8Check: false, signal: false, otherFailure: false };
    if (entry.v8Check) state.v8Check = true;
    else if (entry.fileLevel && entry.signal) state.signal = true;
    else if (!entry.cancelled) state.otherFailure = true;
    byFile.set(entry.file, state);
  }
  return [...byFile].filter(([, s]) => s.v8Check && s.signal && !s.otherFailure).map(([file]) => file);
}

/** Whether the run's only failures are the retriable files (then their rerun decides the result). */
export function onlyRetriableFailures(lines) {
  const retriable = new Set(retriableFiles(lines));
  return lines
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .every((entry) => entry.file && retriable.has(entry.file));
}
