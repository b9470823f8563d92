// @vitest-environment jsdom
import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { encodeCaptcha } from './solveCaptcha.ts';
import { useCaptcha } from './useCaptcha.ts';

describe('useCaptcha', () => {
  it('starts at once, and hands out each solution once, starting the next', async () => {
    let counter = 0;
    const solve = vi.fn(async () => `solution-${(counter += 1)}`);
    const { result } = renderHook(() => useCaptcha({ solve }));
    expect(result.current.state).toBe('working');
    await waitFor(() => expect(result.current.state).toBe('ready'));
    let first = '';
    await act(async () => {
      first = await result.current.take();
    });
    expect(first).toBe('solution-1');
    let second = '';
    await act(async () => {
      second = await result.current.take();
    });
    expect(second).toBe('solution-2');
  });

  it('waits to be asked when not eager, and tries again after a failure', async () => {
    const solve = vi.fn().mockRejectedValueOnce(new Error('network')).mockResolvedValue('fine');
    const { result } = renderHook(() => useCaptcha({ eager: false, solve }));
    expect(result.current.state).toBe('idle');
    expect(solve).not.toHaveBeenCalled();
    let solution = '';
    await act(async () => {
      solution = await result.current.take();
    });
    expect(solution).toBe('fine');
  });
});

describe('encodeCaptcha', () => {
  it('sends the challenge parameters, its signature and the solution as base64 JSON', () => {
    const challenge = {
      parameters: { algorithm: 'SHA-256', nonce: 'ab', salt: 'cd', cost: 1, keyLength: 32, keyPrefix: '00' },
      signature: 'sig',
    };
    const solution = { counter: 7, derivedKey: '00ff' };
    expect(JSON.parse(atob(encodeCaptcha(challenge, solution)))).toEqual({ challenge, solution });
  });
});
