// SQL for permanent deposit addresses (addresses/take), scoped by organisation.
import type { Queryable } from '../../db/database.js';

export interface DepositAddressRow {
  id: bigint;
  organisation_id: string;
  foreign_id: string;
  currency: string;
  convert_to: string | null;
  address: string;
  tag: string | null;
  end_user_reference: string | null;
  created_at: Date;
}

export async function findAddress(q: Queryable, organisationId: string, foreignId: string, currency: string) {
  const { rows } = await q.query<DepositAddressRow>(
    'SELECT * FROM deposit_addresses WHERE organisation_id = $1 AND foreign_id = $2 AND currency = $3',
    [organisationId, foreignId, currency],
  );
  return rows[0] ?? null;
}

export async function findAddressByValue(q: Queryable, organisationId: string, address: string) {
  const { rows } = await q.query<DepositAddressRow>('SELECT * FROM deposit_addresses WHERE organisation_id = $1 AND address = $2', [
    organisationId,
    address,
  ]);
  return rows[0] ?? null;
}

export async function findAddressById(q: Queryable, organisationId: string, id: bigint) {
  const { rows } = await q.query<DepositAddressRow>('SELECT * FROM deposit_addresses WHERE organisation_id = $1 AND id = $2', [
    organisationId,
    id,
  ]);
  return rows[0] ?? null;
}

/** The next id, so the network can derive the address before the row is written. */
export async function nextAddressId(q: Queryable): Promise<bigint> {
  const { rows } = await q.query<{ id: bigint }>("SELECT nextval(pg_get_serial_sequence('deposit_addresses', 'id'))::int8 AS id");
  return rows[0]!.id;
}

/** Inserts unless (foreign_id, currency) already has an address; a racing twin's insert is a no-op. */
export async function insertAddress(q: Queryable, row: DepositAddressRow): Promise<void> {
  await q.query(
    `INSERT INTO deposit_addresses (id, organisation_id, foreign_id, currency, convert_to, address, tag, end_user_reference, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (organisation_id, foreign_id, currency) DO NOTHING`,
    [
      row.id,
      row.organisation_id,
      row.foreign_id,
      row.currency,
      row.convert_to,
      row.address,
      row.tag,
      row.end_user_reference,
      row.created_at,
    ],
  );
}
