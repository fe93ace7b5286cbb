// Outbox event ids (platform/ulid.ts): ULIDs as ulidx reads them, time first, no repeats.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeTime, isValid } from 'ulidx';
import { ulid } from '../../src/platform/ulid.js';

describe('ulid', () => {
  it('makes valid ULIDs whose time part is the given millisecond', () => {
    for (const now of [0, 1, Date.UTC(2026, 10, 30, 12), 2 ** 48 - 1]) {
      const id = ulid(now);
      assert.match(id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
      assert.ok(isValid(id), id);
      assert.equal(decodeTime(id), now);
    }
  });

  it('sorts by time and does not repeat across many ids (the pool refills)', () => {
    const ids = Array.from({ length: 5000 }, () => ulid(1_700_000_000_000));
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ulid(1_700_000_000_001) > ulid(1_700_000_000_000).slice(0, 10));
    // Every character of the alphabet turns up in the random part: all 32 values are drawn.
    assert.equal(new Set(ids.flatMap((id) => [...id.slice(10)])).size, 32);
  });
});
