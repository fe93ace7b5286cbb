import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspectLogo, MAX_LOGO_BYTES } from '../../src/organisations/logo-image.js';
import {
  bicProblem,
  countryProblem,
  emailProblem,
  ibanProblem,
  percentProblem,
  vatIdProblem,
  websiteProblem,
} from '../../src/organisations/profile-rules.js';
import { checkProfile, mergePatch } from '../../src/organisations/update-profile.js';
import { jpeg, png } from './images.js';

describe('profile rules', () => {
  it('accepts IBANs whose mod-97 checksum is 1, with or without spaces', () => {
    for (const iban of ['DE89370400440532013000', 'DE89 3704 0044 0532 0130 00', 'GB29NWBK60161331926819', 'at611904300234573201'])
      assert.equal(ibanProblem(iban), null, iban);
  });

  it('refuses IBANs with a wrong check digit or shape', () => {
    assert.match(ibanProblem('DE88370400440532013000')!, /mod 97/);
    assert.match(ibanProblem('DE89370400440532013001')!, /mod 97/);
    assert.match(ibanProblem('DE8937')!, /Not an IBAN/);
    assert.match(ibanProblem('1234567890123456')!, /Not an IBAN/);
  });

  it('checks VAT IDs by shape (Germany: DE and nine digits)', () => {
    for (const vat of ['DE123456789', 'de 123 456 789', 'ATU12345678', 'FR40303265045', 'CHE-123.456.789 MWST', 'NL123456789B01'])
      assert.equal(vatIdProblem(vat), null, vat);
    assert.match(vatIdProblem('DE12345678')!, /nine digits/);
    assert.ok(vatIdProblem('123456789'));
    assert.ok(vatIdProblem('DEUTSCHLAND'));
    assert.ok(vatIdProblem('X1'));
  });

  it('takes percentages from 0 to 100 with two decimals at most', () => {
    for (const p of [0, 7, 19, 19.5, 0.07, 2.99, 100]) assert.equal(percentProblem(p), null, String(p));
    assert.match(percentProblem(19.999)!, /two decimals/);
    assert.match(percentProblem(0.001)!, /two decimals/);
    assert.match(percentProblem(-1)!, /between 0 and 100/);
    assert.match(percentProblem(100.01)!, /between 0 and 100/);
    assert.ok(percentProblem(Number.NaN));
  });

  it('checks countries, e-mail, websites and BICs', () => {
    assert.equal(countryProblem('DE'), null);
    assert.equal(countryProblem('XK'), null);
    for (const bad of ['de', 'DEU', 'XX', 'ZZ', 'AA']) assert.ok(countryProblem(bad), bad);
    assert.equal(emailProblem('vertrieb@muster.de'), null);
    assert.ok(emailProblem('vertrieb@muster'));
    assert.ok(emailProblem('a b@muster.de'));
    assert.equal(websiteProblem('https://muster.de/impressum'), null);
    assert.ok(websiteProblem('javascript:alert(1)'));
    assert.ok(websiteProblem('ftp://muster.de'));
    assert.ok(websiteProblem('muster.de'));
    assert.equal(bicProblem('COBADEFFXXX'), null);
    assert.equal(bicProblem('COBADEFF'), null);
    assert.ok(bicProblem('COBADE'));
  });

  it('merges a patch as RFC 7396 says: null clears, objects merge, an emptied object goes', () => {
    const stored = { legalName: 'A GmbH', address: { line1: 'Weg 1', line2: 'Hinterhaus', postalCode: '1', city: 'B', country: 'DE' } };
    assert.deepEqual(mergePatch(stored, { legalName: null, address: { line2: null, city: 'C' } }), {
      address: { line1: 'Weg 1', postalCode: '1', city: 'C', country: 'DE' },
    });
    assert.deepEqual(mergePatch({ bank: { accountHolder: 'A', iban: 'X' } }, { bank: { accountHolder: null, iban: null } }), {});
    assert.deepEqual(mergePatch(stored, { address: null }), { legalName: 'A GmbH' });
  });

  it('names every field that is wrong, and the missing parts of an address', () => {
    const { violations } = checkProfile({ address: { city: 'Berlin', country: 'Germany' }, bank: { accountHolder: 'A', iban: 'DE00' } });
    assert.deepEqual(violations.map((v) => v.propertyPath).sort(), ['address.country', 'address.line1', 'address.postalCode', 'bank.iban']);
    const { profile } = checkProfile({
      vatId: 'de 123 456 789',
      bank: { accountHolder: 'A', iban: 'de89 3704 0044 0532 0130 00', bic: 'cobadeffxxx' },
    });
    assert.equal(profile.vatId, 'DE123456789');
    assert.deepEqual(profile.bank, { accountHolder: 'A', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' });
  });

  it('reads a logo by its bytes, not its name: PNG and JPEG with their size', () => {
    assert.deepEqual(inspectLogo(png(120, 40)), { contentType: 'image/png', width: 120, height: 40 });
    assert.deepEqual(inspectLogo(jpeg(300, 100)), { contentType: 'image/jpeg', width: 300, height: 100 });
    assert.match(inspectLogo(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')) as string, /PNG or JPEG/);
    assert.match(inspectLogo(Buffer.from('GIF89a......')) as string, /PNG or JPEG/);
    assert.match(inspectLogo(png(8, 8)) as string, /16 to 4000 pixels/);
    assert.match(inspectLogo(png(5000, 100)) as string, /16 to 4000 pixels/);
    assert.match(inspectLogo(png(100, 100).subarray(0, 20)) as string, /damaged/);
    assert.match(inspectLogo(Buffer.alloc(MAX_LOGO_BYTES + 1, 0x89)) as string, /larger than 512 KB/);
    assert.match(inspectLogo(Buffer.alloc(0)) as string, /empty/);
  });
});
