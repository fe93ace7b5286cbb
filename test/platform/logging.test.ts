// What reaches the logs: no link token in a path, no credential in a query string, and no query
// parameters (offer bodies, personal data) from a database error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loggerOptions, maskUrl, serializeError } from '../../src/platform/logging.js';

describe('logging', () => {
  it('masks link tokens in paths and credentials in query strings, keeps everything else', () => {
    assert.equal(maskUrl('/o/abcdefTOKEN/sign?step=2'), '/o/***/sign?step=2');
    assert.equal(maskUrl('/offers?access_token=api_secret&page=2'), '/offers?access_token=***&page=2');
    assert.equal(maskUrl('/offers?page=2&API_KEY=x&signature=y&status[]=open'), '/offers?page=2&API_KEY=***&signature=***&status[]=open');
    assert.equal(maskUrl('/healthz'), '/healthz');
    assert.equal(maskUrl('/invoice/slug?token=t'), '/invoice/***?token=***');
  });

  it('logs an error by an allow-list of fields: never the parameters a database error carries', () => {
    const error = Object.assign(new Error('duplicate key value'), {
      code: '23505',
      query: 'INSERT INTO offers …',
      params: ['anna@example.com', 'Website relaunch'],
      detail: 'Key (email)=(anna@example.com) already exists.',
    });
    const logged = serializeError(error);
    assert.deepEqual(Object.keys(logged).sort(), ['code', 'message', 'stack', 'type']);
    assert.doesNotMatch(JSON.stringify(logged), /anna@example\.com|Website relaunch/);
    assert.equal(loggerOptions('info').serializers.err, serializeError, 'the logger uses it');
  });
});
