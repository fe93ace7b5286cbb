// Writes a migrated PGlite data-directory dump that every test file loads instead of initialising anew.
import fs from 'node:fs';
import { makePGliteTemplate } from '../test/helpers/db.js';

const out = process.argv[2];
if (!out) throw new Error('usage: make-test-template.ts <file>');
const dump = await makePGliteTemplate();
fs.writeFileSync(out, Buffer.from(await dump.arrayBuffer()));
