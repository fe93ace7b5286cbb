// "Forgot password": a reset link to every account of the address (one per organisation), by
// e-mail only. The caller always answers the same, so the form never tells whether an account exists.
import type { Deps } from '../platform/deps.js';
import type { Lang } from '../platform/locale-format.js';
import { findOrganisation } from '../organisations/repository.js';
import { issueLink } from './links.js';
import { sendUserEmail, userEmail } from './mail.js';
import { findUsersByEmail } from './repository.js';

export async function requestPasswordReset(
  deps: Pick<Deps, 'db' | 'config' | 'clock'>,
  input: { email: string; lang: Lang },
): Promise<void> {
  const email = input.email.trim();
  if (!deps.config.smtpUrl || email.length === 0 || email.length > 254) return;
  for (const user of await findUsersByEmail(deps.db, email)) {
    const link = await issueLink(deps, deps.db, user.id, 'reset');
    const organisation = await findOrganisation(deps.db, user.organisation_id);
    await sendUserEmail(
      deps,
      userEmail('reset', {
        to: user.email,
        organisation: organisation?.name ?? 'offerpay',
        link: link.url,
        lang: user.locale ?? input.lang,
      }),
    );
  }
}
