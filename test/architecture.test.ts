// The code's shape, checked like behaviour: small files, and no import cycle between files of src/
// (a cycle makes load order matter and hides which context depends on which).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const SRC = path.resolve(import.meta.dirname, '../src');
const MAX_LINES = 300;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Runtime imports only: `import type` is erased and cannot form a cycle at load time. */
const IMPORT = /(?:^|\n)\s*(?:import|export)(?!\s+type\b)[^'"]*?from\s+['"](\.[^'"]+)['"]/g;

function importGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const targets = [...fs.readFileSync(file, 'utf8').matchAll(IMPORT)]
        .map((m) => path.normalize(path.join(path.dirname(file), m[1]!)).replace(/\.js$/, '.ts'))
        .filter((t) => known.has(t));
      return [file, targets];
    }),
  );
}

function findCycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[][] = [];
  const visit = (node: string, stack: string[]) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next, stack);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node, []);
  return cycles;
}

describe('architecture', () => {
  const files = sourceFiles(SRC);

  it(`keeps every file in src/ at ${MAX_LINES} lines or fewer`, () => {
    const long = files
      .map((f) => ({ file: path.relative(SRC, f), lines: fs.readFileSync(f, 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines > MAX_LINES);
    assert.deepEqual(long, []);
  });

  it('has no import cycle between files of src/', () => {
    const cycles = findCycles(importGraph(files)).map((c) => c.map((f) => path.relative(SRC, f)).join(' → '));
    assert.deepEqual(cycles, []);
  });

  it('finds a cycle when there is one (the check itself can fail)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    assert.deepEqual(findCycles(graph), [['a', 'b', 'c', 'a']]);
  });
});
