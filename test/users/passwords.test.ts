// The password policy and hashing, as pure functions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/users/passwords.js';
import { can, mayAssign, ROLES } from '../../src/users/permissions.js';

const person = { email: 'ann.smith@example.com', name: 'Ann Smith' };

describe('password policy', () => {
  const cases: [string, ReturnType<typeof passwordProblem>][] = [
    ['short-Pass1', 'too_short'],
    ['x'.repeat(201), 'too_long'],
    ['aaaaaaaaaaaaaa', 'repetitive'],
    ['abababababab', 'repetitive'],
    ['Password2024!', 'common'],
    ['myqwertyisgood', 'common'],
    ['P@ssw0rd-yes-please', 'common'],
    ['ann.smith-is-the-best', 'personal'],
    ['smithsonian-Museum9', 'personal'],
    ['violet-Kestrel-Harbour-42', null],
    ['correct horse battery staple', null],
  ];
  for (const [password, expected] of cases) {
    it(`${JSON.stringify(password.slice(0, 30))} → ${expected ?? 'accepted'}`, () => {
      assert.equal(passwordProblem(password, person), expected);
    });
  }

  it('hashes with Argon2id and verifies only the right password; no stored hash never verifies', async () => {
    const stored = await hashPassword('violet-Kestrel-Harbour-42');
    assert.match(stored, /^\$argon2id\$/);
    assert.equal(await verifyPassword(stored, 'violet-Kestrel-Harbour-42'), true);
    assert.equal(await verifyPassword(stored, 'violet-Kestrel-Harbour-43'), false);
    assert.equal(await verifyPassword(null, 'violet-Kestrel-Harbour-42'), false);
    assert.equal(await verifyPassword('not a hash', 'anything'), false);
  });
});

describe('permissions', () => {
  it('lets every role read offers and only owners and admins manage users', () => {
    for (const role of ROLES) assert.equal(can(role, 'offers.read'), true);
    assert.deepEqual(
      ROLES.filter((r) => can(r, 'users.manage')),
      ['owner', 'admin'],
    );
    assert.deepEqual(
      ROLES.filter((r) => can(r, 'approvals.decide')),
      ['owner', 'admin', 'approver'],
    );
  });

  it('lets only owners make, change or remove owners', () => {
    assert.equal(mayAssign('owner', 'viewer', 'owner'), true);
    assert.equal(mayAssign('owner', 'owner', null), true);
    assert.equal(mayAssign('admin', 'viewer', 'seller'), true);
    assert.equal(mayAssign('admin', 'viewer', 'owner'), false);
    assert.equal(mayAssign('admin', 'owner', 'admin'), false);
    assert.equal(mayAssign('admin', 'owner', null), false);
    assert.equal(mayAssign('seller', 'viewer', 'viewer'), false);
  });
});
