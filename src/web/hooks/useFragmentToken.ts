import { useLocation } from 'react-router';

/**
 * The secret from the link in a mail. It travels in the URL fragment, which the browser never sends to a
 * server (so it is in no access log); the page sends it to the API in a request body or query.
 */
export function useFragmentToken(): string {
  const { hash } = useLocation();
  return decodeURIComponent(hash.replace(/^#/, ''));
}
