import { useCallback, useEffect, useRef, useState } from 'react';
import { solveCaptcha } from './solveCaptcha.ts';

export type CaptchaState = 'idle' | 'working' | 'ready' | 'error';

export interface Captcha {
  state: CaptchaState;
  /** Starts the check now if it has not started (a lazy form calls this when it gets the focus). */
  prepare(): void;
  /**
   * The solution for one submission. Waits while the check still runs; starts the next check at once,
   * because the server accepts every solution only once.
   */
  take(): Promise<string>;
}

interface CaptchaOptions {
  /** Start as soon as the form is shown (default), or only on prepare()/take(). */
  eager?: boolean;
  /** replaceable in tests */
  solve?: () => Promise<string>;
}

export function useCaptcha({ eager = true, solve = solveCaptcha }: CaptchaOptions = {}): Captcha {
  const [state, setState] = useState<CaptchaState>(eager ? 'working' : 'idle');
  const pending = useRef<Promise<string> | null>(null);
  const mounted = useRef(true);

  const start = useCallback(() => {
    setState('working');
    const attempt = solve();
    pending.current = attempt;
    attempt.then(
      () => {
        if (mounted.current && pending.current === attempt) setState('ready');
      },
      () => {
        if (mounted.current && pending.current === attempt) setState('error');
      },
    );
    return attempt;
  }, [solve]);

  useEffect(() => {
    mounted.current = true;
    // start() handles its own failure (state 'error'); nothing to await here.
    if (eager) void start();
    return () => {
      mounted.current = false;
    };
  }, [eager, start]);

  const prepare = useCallback(() => {
    if (!pending.current) void start();
  }, [start]);

  const take = useCallback(async () => {
    const attempt = pending.current ?? start();
    let encoded: string;
    try {
      encoded = await attempt;
    } catch {
      // One more try (the network may have failed): the person should not have to do anything.
      encoded = await start();
    }
    void start();
    return encoded;
  }, [start]);

  return { state, prepare, take };
}
