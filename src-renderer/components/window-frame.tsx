import { useEffect, useRef, type ReactNode } from 'react';
import { useAppState } from '../app-context.js';
import { selectShowTrayPanel } from '../store/selectors.js';

/**
 * A window's frame and title. In the web shell a window opens inside the page, so its title takes
 * focus (an Electron window gets focus from the OS instead).
 */
export function WindowFrame({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const inPage = useAppState(selectShowTrayPanel);
  useEffect(() => {
    if (inPage) heading.current?.focus();
  }, [inPage]);
  return (
    <section className="window" aria-labelledby={id}>
      <h1 id={id} ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </section>
  );
}
