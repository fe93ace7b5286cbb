// The server as `npm start` runs it: the Node flags of package.json's start script, then dist/main.js.
// Every bench spawns servers through this, so a measurement is of what users run.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const start = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
const words = start.split(/\s+/);

/** The flags between `node` and `dist/main.js` in the start script (e.g. V8's new-space limit). */
export const SERVER_NODE_FLAGS: readonly string[] = words.slice(words.indexOf('node') + 1, words.indexOf('dist/main.js'));

/** `node` arguments that start the built server with `args` (e.g. `serve`), after any extra Node flags. */
export const serverArgs = (extraNodeFlags: readonly string[], ...args: string[]) => [
  ...SERVER_NODE_FLAGS,
  ...extraNodeFlags,
  'dist/main.js',
  ...args,
];
