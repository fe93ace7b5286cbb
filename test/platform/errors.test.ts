// What the command line prints when a start fails: what failed, never "[object Object]".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeError } from '../../src/platform/errors.js';

describe('describeError', () => {
  it('says what failed, whatever was thrown', () => {
    assert.equal(describeError(new Error('boom')), 'boom');
    assert.equal(describeError(Object.assign(new Error('write failed'), { code: 'ENOSPC' })), 'write failed (ENOSPC)');
    assert.equal(
      describeError({ message: 'could not extend file: No space left on device', code: '53100' }),
      'could not extend file: No space left on device (53100)',
    );
    assert.equal(describeError({ errno: 28 }), '{"errno":28}');
    assert.equal(describeError('plain'), 'plain');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.equal(typeof describeError(cyclic), 'string', 'a value JSON cannot show does not throw');
  });
});
