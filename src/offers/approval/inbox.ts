// The approvals inbox of the console: the organisation's requests waiting for a decision (oldest
// first) and those that ended (newest first), each with its offer, what the publish call asked for,
// the decisions so far, and whether the caller may decide it now.
import type { Context } from '../../platform/context.js';
import { isoDate } from '../../platform/time.js';
import { contractValue, type LineItem } from '../contract-value.js';
import { offerNumber } from '../serialize.js';
import { deciderIdOf } from './decider.js';
import { decisionsOf, listEnded, listWaiting, type InboxRow } from './inbox-repository.js';
import type { DecisionRow } from './repository.js';
import { canDecide, effectiveStatus } from './states.js';
import { decisionView, requestState, requesterView, stepView } from './view.js';

/** Page sizes when the caller names none. */
export const WAITING_LIMIT = 100;
export const ENDED_LIMIT = 50;
export const MAX_INBOX_LIMIT = 100;

/** Which page of each list (from 1), and their size (absent: WAITING_LIMIT and ENDED_LIMIT). */
export interface InboxPaging {
  waitingPage: number;
  endedPage: number;
  limit?: number;
}

export interface PageInfo {
  page: number;
  limit: number;
  hasNext: boolean;
}

function item(row: InboxRow, decisions: readonly DecisionRow[], me: string | undefined) {
  const status = effectiveStatus(row.status, row.version_hash, { versionHash: row.offer_version_hash, status: row.offer_status });
  const state = { ...requestState(row, decisions), status };
  const value = contractValue(row.line_items as LineItem[]);
  return {
    id: row.id,
    status,
    offer: { id: row.offer_id, number: offerNumber(row.offer_number), name: row.offer_name, value },
    step: stepView(row.steps[row.step_index]!, row.step_index),
    stepCount: row.steps.length,
    requestedBy: requesterView(row),
    requestedAt: isoDate(row.requested_at),
    decidedAt: isoDate(row.decided_at),
    release: {
      recipients: row.publish_input.recipientIds.length,
      notifyRecipients: row.publish_input.notifyRecipients,
      customMessage: row.publish_input.customMessage,
    },
    decisions: decisions.map(decisionView),
    canDecide: me !== undefined && canDecide(state, me),
    /** Why the caller cannot decide a waiting request (null when they can, or it ended). */
    ownRequest: me !== undefined && row.requested_by === me,
  };
}

export type InboxItem = ReturnType<typeof item>;

export interface Inbox {
  waiting: InboxItem[];
  ended: InboxItem[];
  pages: { waiting: PageInfo; ended: PageInfo };
}

/** One page of each list; each query asks one row more than the page to know whether a next page exists. */
export async function approvalInbox(ctx: Context, paging: InboxPaging = { waitingPage: 1, endedPage: 1 }): Promise<Inbox> {
  const { db } = ctx.deps;
  const me = await deciderIdOf(db, ctx);
  const wLimit = paging.limit ?? WAITING_LIMIT;
  const eLimit = paging.limit ?? ENDED_LIMIT;
  const waitingRows = await listWaiting(db, ctx.organisationId, wLimit + 1, (paging.waitingPage - 1) * wLimit);
  const endedRows = await listEnded(db, ctx.organisationId, eLimit + 1, (paging.endedPage - 1) * eLimit);
  const [waiting, ended] = [waitingRows.slice(0, wLimit), endedRows.slice(0, eLimit)];
  const decisions = await decisionsOf(
    db,
    ctx.organisationId,
    [...waiting, ...ended].map((r) => r.id),
  );
  const of = (r: InboxRow) => decisions.filter((d) => d.request_id === r.id);
  return {
    waiting: waiting.map((r) => item(r, of(r), me)),
    ended: ended.map((r) => item(r, of(r), me)),
    pages: {
      waiting: { page: paging.waitingPage, limit: wLimit, hasNext: waitingRows.length > wLimit },
      ended: { page: paging.endedPage, limit: eLimit, hasNext: endedRows.length > eLimit },
    },
  };
}
