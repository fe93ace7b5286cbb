// Wire schemas of the approval sub-resource (staff only, never embedded in the offer).
import { Type } from '@sinclair/typebox';
import { MAX_PAGE } from '../../platform/limits.js';
import { DateTime, enumOf, Nullable, PaginationMeta } from '../schemas.js';

/** The staff-only approval sub-resource (never embedded in the offer). */
const ApproverRead = Type.Object({
  id: Type.String({ format: 'uuid', description: "The approver's API token id" }),
  label: Nullable(Type.String()),
});
const ACTOR_KINDS = enumOf(['api_token', 'user'], { description: 'api_token: an API token (label); user: a console user (name)' });
const ApprovalStep = Type.Object({
  order: Type.Integer({ minimum: 1 }),
  name: Type.String(),
  quorum: Type.Integer({ minimum: 1, description: 'Approvals this step needs, from its approvers and users together' }),
  approvers: Type.Array(ApproverRead, { description: 'The API tokens the step names' }),
  users: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), name: Nullable(Type.String()) }), {
    description: 'The console users the step names (they decide in the console)',
  }),
});
const RequestedBy = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Nullable(Type.String()),
  kind: ACTOR_KINDS,
});
const APPROVAL_STATUSES = ['not_required', 'pending', 'approved', 'rejected', 'superseded'];
export const Approval = Type.Object({
  versionApprovalStatus: enumOf(APPROVAL_STATUSES, {
    description: "The newest request's status for the current version (superseded once the offer changed); not_required when none was made",
  }),
  requiresApproval: Type.Boolean({ description: 'Whether publishing the offer as it is now needs approval' }),
  canCurrentUserDecide: Type.Boolean({ description: 'Whether the calling token (or console user) may approve or reject now' }),
  request: Type.Union([
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      status: enumOf(APPROVAL_STATUSES.slice(1)),
      versionHash: Type.String(),
      step: ApprovalStep,
      steps: Type.Array(ApprovalStep),
      decisions: Type.Array(
        Type.Object({
          account: Type.Object({
            id: Type.String({ format: 'uuid', description: "The approver's API token or user id" }),
            label: Nullable(Type.String({ description: "The token's label, or the user's name, when deciding" })),
            kind: ACTOR_KINDS,
          }),
          decision: enumOf(['approved', 'rejected']),
          step: Type.Integer({ minimum: 1 }),
          decidedAt: DateTime,
          comment: Nullable(Type.String()),
        }),
      ),
      requestedBy: RequestedBy,
      requestedAt: DateTime,
      decidedAt: Nullable(DateTime),
    }),
    Type.Null(),
  ]),
});
export const PendingApprovalList = Type.Object({
  data: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      offer: Type.Object({ id: Type.String(), number: Type.String(), name: Nullable(Type.String()) }),
      step: ApprovalStep,
      requestedBy: RequestedBy,
      requestedAt: DateTime,
      canCurrentUserDecide: Type.Boolean(),
    }),
  ),
  meta: PaginationMeta,
});
export const PendingApprovalQuery = Type.Object({
  decidableByMe: Type.Boolean({ default: false, description: 'Only requests the calling token may decide now' }),
  page: Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 }),
  limit: Type.Integer({ minimum: 0, maximum: 100, default: 30 }),
});
export const ApproveBody = Type.Object({ comment: Type.Optional(Type.String({ maxLength: 5000 })) }, { additionalProperties: false });
export const RejectBody = Type.Object({ comment: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false });

const PolicyUuid = Type.String({ format: 'uuid' });
/** The body of `PUT /admin/organisations/{id}/approval-policy`; the console's policy form checks the same. */
export const PolicyInputBody = Type.Object(
  {
    minContractValueCents: Type.Optional(
      Type.Union([Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.Null()], {
        description:
          'Offers whose contract value (cachedContractValueCents: annual recurring cents) is below this go live without approval; null or absent: every offer needs approval',
      }),
    ),
    steps: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 100 }),
          approvers: Type.Optional(
            Type.Array(PolicyUuid, {
              maxItems: 50,
              uniqueItems: true,
              description: 'API token ids of the organisation (a step needs at least one approver or user)',
            }),
          ),
          users: Type.Optional(
            Type.Array(PolicyUuid, {
              maxItems: 50,
              uniqueItems: true,
              description:
                'User ids of the organisation whose role may decide approvals (owner, admin, approver); they decide in the console',
            }),
          ),
          quorum: Type.Optional(Type.Integer({ minimum: 1, description: 'Approvals the step needs; default 1' })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 10, description: 'Decided in order; one rejection ends the request' },
    ),
  },
  { additionalProperties: false },
);
