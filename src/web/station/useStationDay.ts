import { ApiProblem } from '../api/client.ts';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { stationApi } from './api/client.ts';
import type { OfferedService, QueueItem, StationDay, StopChecklist } from './api/types.ts';
import { applyOperations, computeQueue } from './offline/dayReducer.ts';
import { vault, type StoredDay } from './offline/vault.ts';
import { useStation } from './StationContext.tsx';

const REFETCH_MS = 20_000;

export interface StationDayState {
  /** the server's snapshot with the device's unconfirmed operations applied */
  day: StationDay | undefined;
  services: OfferedService[];
  queue: QueueItem[];
  /** the stop's readiness checklist (fetched with the day, kept on the device), when known */
  checklist: StopChecklist | undefined;
  /** signed off on the server, or on this device with the sign-off still in the outbox or just confirmed */
  checklistSignedOff: boolean;
  /** when the data was last fetched from the server */
  savedAt: string | undefined;
  loading: boolean;
  error: ApiProblem | undefined;
  reload(): void;
}

function isClosed(day: StationDay) {
  return day.stop.status === 'closed' || day.stop.status === 'cancelled';
}

/** One stop's day: from the encrypted store at once, then from the server whenever it is reachable. */
export function useStationDay(stopId: string): StationDayState {
  const { pending, confirmed, syncRound, online, reportNetwork } = useStation();
  const [stored, setStored] = useState<StoredDay>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiProblem>();
  const [fetchRound, setFetchRound] = useState(0);
  const [now, setNow] = useState(() => new Date());

  // The stored copy first (works offline); only this stop's day is kept on the device.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      await vault.keepOnlyDay(stopId);
      const local = await vault.loadDay(stopId);
      if (!cancelled && local) setStored(local);
    })();
    return () => {
      cancelled = true;
    };
  }, [stopId, syncRound]);

  useEffect(() => {
    if (!online) {
      setLoading(false);
      return;
    }
    let cancelled = false;
    void (async () => {
      try {
        const [day, services, checklist] = await Promise.all([
          stationApi.day(stopId),
          stationApi.offeredServices(stopId).catch(() => undefined),
          stationApi.checklist(stopId).catch(() => undefined),
        ]);
        if (cancelled) return;
        const previous = await vault.loadDay(stopId);
        const next: StoredDay = {
          day,
          services: services ?? previous?.services ?? [],
          savedAt: new Date().toISOString(),
          checklist: checklist ?? previous?.checklist,
        };
        // A closed day is shown, never stored: its personal data has left the device.
        if (isClosed(day)) await vault.deleteDay(stopId);
        else await vault.saveDay(next);
        setStored(next);
        setError(undefined);
        reportNetwork(true);
      } catch (caught) {
        if (cancelled) return;
        if (caught instanceof ApiProblem) {
          if (caught.status === 0) reportNetwork(false);
          else setError(caught);
        }
      } finally {
        if (!cancelled) setLoading(false);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [stopId, online, syncRound, fetchRound, reportNetwork]);

  useEffect(() => {
    const timer = window.setInterval(() => {
      setNow(new Date());
      if (navigator.onLine) setFetchRound((round) => round + 1);
    }, REFETCH_MS);
    return () => window.clearInterval(timer);
  }, []);

  // Confirmed since the snapshot was fetched, then still pending: applying one twice changes nothing.
  const savedAt = stored?.savedAt ?? '';
  const ops = useMemo(
    () => [
      ...confirmed
        .filter((c) => c.entry.stopId === stopId && c.confirmedAt >= savedAt)
        .map((c) => c.entry.op),
      ...pending.filter((entry) => entry.stopId === stopId).map((entry) => entry.op),
    ],
    [confirmed, pending, stopId, savedAt],
  );
  const day = useMemo(
    () => (stored ? applyOperations(stored.day, ops, stored.services) : undefined),
    [stored, ops],
  );
  const queue = useMemo(() => (day ? computeQueue(day, now) : []), [day, now]);
  const checklist = stored?.checklist;
  const checklistSignedOff =
    Boolean(checklist?.signedOff) || ops.some((op) => op.type === 'sign_off_checklist');
  const reload = useCallback(() => setFetchRound((round) => round + 1), []);

  return {
    day,
    services: stored?.services ?? [],
    queue,
    checklist,
    checklistSignedOff,
    savedAt: stored?.savedAt,
    loading,
    error,
    reload,
  };
}
