import type { Migration } from './index.js';

// Recipient link tokens out of stored events (issue 13, item 12). Offer events are now written with
// each recipient's link sealed, `…/o/{sealed:<the token encrypted>}` (platform/sealed-links.ts); the
// rows an older server wrote keep the plain token, so this rewrites them the same way. A migration has
// no SECRET_KEY, but needs none: a token's seal is the recipient's own `link_token_encrypted`, found
// by the token's SHA-256 (`link_token_hash`). The token of a recipient removed since is a dead link and
// becomes `{removed}`.
//
// A token is taken only where an offer event holds it: a recipient object's `link`, between its `id`
// and its `role` (the key order of jsonb, which every stored event went through). Outbox payloads are
// jsonb (`"id": "…"` with spaces once cast to text); delivery bodies are the exact bytes sent, and
// only the token changes in them, so what a retry sends stays byte for byte what was sent before. A
// receiver's answer kept in the attempt log may echo a body: tokens there are masked (`***`).
const TOKEN = `(?<="id": ?"[0-9a-f-]{36}", ?"link": ?"[^"\\\\]*/o/)[A-Za-z0-9_-]{43}(?=", ?"role": ?")`;

export default {
  version: 19,
  name: 'sealed_event_links',
  sql: /* sql */ `
    CREATE FUNCTION offerpay_seal_links(org uuid, doc text) RETURNS text LANGUAGE sql STABLE AS $$
      SELECT string_agg(p.piece || coalesce(m.seal, ''), '' ORDER BY p.n)
        FROM regexp_split_to_table(doc, '${TOKEN}') WITH ORDINALITY AS p(piece, n)
        LEFT JOIN (
          SELECT x.n, coalesce((SELECT '{sealed:' || r.link_token_encrypted || '}' FROM offer_recipients r
                                 WHERE r.organisation_id = org AND r.link_token_hash = sha256(convert_to(x.m[1], 'UTF8'))),
                               '{removed}') AS seal
            FROM regexp_matches(doc, '${TOKEN}', 'g') WITH ORDINALITY AS x(m, n)
        ) m ON m.n = p.n
    $$;

    UPDATE outbox SET payload = offerpay_seal_links(organisation_id, payload::text)::jsonb
     WHERE payload::text ~ '${TOKEN}';

    UPDATE webhook_deliveries SET body = offerpay_seal_links(organisation_id, body)
     WHERE target_kind = 'endpoint' AND body ~ '${TOKEN}';

    UPDATE webhook_deliveries SET last_response = regexp_replace(last_response, '${TOKEN}', '***', 'g')
     WHERE last_response ~ '${TOKEN}';

    UPDATE webhook_delivery_attempts SET response_excerpt = regexp_replace(response_excerpt, '${TOKEN}', '***', 'g')
     WHERE response_excerpt ~ '${TOKEN}';

    DROP FUNCTION offerpay_seal_links(uuid, text);
  `,
} satisfies Migration;
