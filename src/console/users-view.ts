// The users screen: the organisation's people with their roles, the invitation form, and what an
// invitation produced (the one-time link, shown once, when it was not e-mailed).
import { escapeHtml } from '../platform/html.js';
import type { Lang } from '../platform/locale-format.js';
import type { PublicUser } from '../users/create-user.js';
import { mayAssign, ROLES, type Role } from '../users/permissions.js';
import { csrfField, scrollBox, type Signed, type View } from './layout.js';
import { textsFor } from './texts.js';

export interface UsersNotice {
  error?: string;
  invited?: { email: string; link: string | null };
}

const roleOptions = (roles: readonly Role[], chosen: Role | null) =>
  roles.map((r) => `<option value="${r}"${r === chosen ? ' selected' : ''}>${r}</option>`).join('');

function userRow(lang: Lang, signed: Signed, u: PublicUser): string {
  const t = textsFor(lang);
  const me = signed.user.id === u.id;
  const assignable = ROLES.filter((r) => mayAssign(signed.user.role, u.role, r));
  const actions =
    mayAssign(signed.user.role, u.role, u.role) && !me
      ? `<form class="inline" method="post" action="/app/organisation/users/${u.id}/role">${csrfField(signed)}
<label class="muted" for="role-${u.id}">${escapeHtml(t.changeRole)}</label><select id="role-${u.id}" name="role">${roleOptions(assignable, u.role)}</select>
<button type="submit" class="secondary">${escapeHtml(t.save)}</button></form>
<form class="inline" method="post" action="/app/organisation/users/${u.id}/remove">${csrfField(signed)}<button type="submit" class="danger">${escapeHtml(t.remove)}</button></form>`
      : '';
  return `<tr><td>${escapeHtml(u.name)}${me ? ` ${escapeHtml(t.you)}` : ''}</td><td>${escapeHtml(u.email)}</td><td>${u.role}</td><td>${escapeHtml(u.active ? t.active : t.pending)}</td><td>${actions}</td></tr>`;
}

export function usersView(lang: Lang, signed: Signed, users: readonly PublicUser[], notice: UsersNotice = {}): View {
  const t = textsFor(lang);
  const banner = notice.error
    ? `<p class="error" role="alert">${escapeHtml(notice.error)}</p>`
    : notice.invited
      ? `<div class="notice" role="status"><p>${escapeHtml(t.invited(notice.invited.email))}</p><p>${
          notice.invited.link
            ? `${escapeHtml(t.inviteLink)}<br><code>${escapeHtml(notice.invited.link)}</code>`
            : escapeHtml(t.inviteEmailed)
        }</p></div>`
      : '';
  const inviteRoles = ROLES.filter((r) => mayAssign(signed.user.role, null, r));
  return {
    lang,
    title: t.users,
    section: 'organisation',
    signed,
    body: `<h1>${escapeHtml(t.users)}</h1>${banner}
${scrollBox(
  t.users,
  `<table><thead><tr><th scope="col">${escapeHtml(t.name)}</th><th scope="col">${escapeHtml(t.email)}</th><th scope="col">${escapeHtml(t.role)}</th><th scope="col">${escapeHtml(t.status)}</th><th scope="col"><span class="muted">–</span></th></tr></thead>
<tbody>${users.map((u) => userRow(lang, signed, u)).join('')}</tbody></table>`,
)}
<section class="card" aria-labelledby="h-invite"><h2 id="h-invite">${escapeHtml(t.invite)}</h2>
<form method="post" action="/app/organisation/users">${csrfField(signed)}
<label for="invite-email">${escapeHtml(t.email)}</label><input id="invite-email" name="email" type="email" required>
<label for="invite-name">${escapeHtml(t.name)}</label><input id="invite-name" name="name" type="text" required>
<label for="invite-role">${escapeHtml(t.role)}</label><select id="invite-role" name="role">${roleOptions(inviteRoles, 'seller')}</select>
<p><button type="submit">${escapeHtml(t.inviteButton)}</button></p></form></section>`,
  };
}
