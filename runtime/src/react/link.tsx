import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { useServices } from './context';

/** An anchor that navigates inside the single-page app (ctrl/cmd-click still opens a tab). */
export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const { router } = useServices();
  const base = router.getState().base.replace(/\/$/, '');
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    router.getState().navigate(to);
  };
  return <a href={`${base}${to}`} onClick={handle} {...rest} />;
}
