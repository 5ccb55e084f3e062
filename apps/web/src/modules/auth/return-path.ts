/** Why the sign-in page was opened, shown as a notice above the form. */
export type SignInNotice = 'sessionExpired' | 'signedOut';

export const SIGN_IN_PATH = '/sign-in';

/** The path to go back to after signing in; only paths inside this app are accepted. */
export function readReturnPath(searchParams: URLSearchParams): string {
  const next = searchParams.get('next');
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith(SIGN_IN_PATH)) return '/';
  return next;
}

/** `/sign-in?next=...` for the page the user was on. */
export function buildSignInPath(returnPath: string): string {
  if (!returnPath || returnPath === '/' || returnPath.startsWith(SIGN_IN_PATH)) return SIGN_IN_PATH;
  return `${SIGN_IN_PATH}?next=${encodeURIComponent(returnPath)}`;
}
