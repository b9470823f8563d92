import { ApiProblem } from '../api/client.ts';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { onDeviceLost, setCsrfToken, setDeviceKey, stationApi } from './api/client.ts';
import type { StaffUser } from './api/types.ts';
import { applyOperations } from './offline/dayReducer.ts';
import { wipeBrowserStorage } from './offline/deviceWipe.ts';
import {
  DocumentQueue,
  type CaptureInput,
  type CapturedDocument,
  type SentDocument,
} from './offline/documentQueue.ts';
import { makeOperation, type OperationPayload, type QueuedOperation } from './offline/operations.ts';
import { OperationQueue, type Conflict, type FlushResult } from './offline/opQueue.ts';
import { vault } from './offline/vault.ts';

/**
 * signedOut: nobody signed in. locked: data on the device, the password is needed to open it.
 * needsKey: signed in (single sign-on, or the data was wiped) but no key yet. ready: working.
 * deviceLost: an admin reported this tablet lost; its data is wiped and it is refused until reinstated.
 */
export type StationStatus = 'loading' | 'signedOut' | 'locked' | 'needsKey' | 'ready' | 'deviceLost';

const SYNC_INTERVAL_MS = 4_000;

interface StationContextValue {
  status: StationStatus;
  user: StaffUser | undefined;
  online: boolean;
  pending: QueuedOperation[];
  /** documents captured on this device and not yet stored by the server (pending or refused) */
  documents: CapturedDocument[];
  /** documents the server stored lately (their local copies are gone), until sign-out */
  sentDocuments: SentDocument[];
  /** operations and pending documents not yet with the server */
  unsent: number;
  /** operations the server confirmed lately, with when; the day view keeps them until its next fetch */
  confirmed: ConfirmedOperation[];
  conflicts: Conflict[];
  /** bumps whenever the server confirmed operations or the day should be fetched again */
  syncRound: number;
  deviceId: string | undefined;
  /** After `deviceLost`: the station's data is gone from the device (IndexedDB, Cache Storage, localStorage). */
  deviceWiped: boolean;
  signIn(email: string, password: string): Promise<void>;
  unlock(password: string): Promise<void>;
  createKey(password: string): Promise<void>;
  signOut(options?: { everywhere?: boolean }): Promise<void>;
  enqueue(stopId: string, payload: OperationPayload): Promise<void>;
  /** Keeps a captured document encrypted on the device and sends it when the server is reachable. */
  captureDocument(input: CaptureInput): Promise<CapturedDocument>;
  discardDocument(clientUploadId: string): Promise<void>;
  sync(): Promise<FlushResult | undefined>;
  countPending(): Promise<number>;
  dismissConflict(opId: string): Promise<void>;
  reportNetwork(ok: boolean): void;
  /** The stop was closed and the close synced: the day's personal data goes from the device. */
  stopClosed(stopId: string): Promise<void>;
}

export interface ConfirmedOperation {
  entry: QueuedOperation;
  confirmedAt: string;
}

const StationContext = createContext<StationContextValue | undefined>(undefined);

export function useStation(): StationContextValue {
  const value = useContext(StationContext);
  if (!value) throw new Error('useStation outside StationProvider');
  return value;
}

/** Confirmed operations become part of the stored day until the next fetch brings the server's own state. */
async function foldConfirmed(confirmed: readonly QueuedOperation[]) {
  const stopIds = new Set(confirmed.map((entry) => entry.stopId));
  for (const stopId of stopIds) {
    const stored = await vault.loadDay(stopId);
    if (!stored) continue;
    const ops = confirmed.filter((entry) => entry.stopId === stopId).map((entry) => entry.op);
    await vault.saveDay({ ...stored, day: applyOperations(stored.day, ops, stored.services) });
  }
}

function isNetworkError(error: unknown) {
  return error instanceof ApiProblem && error.status === 0;
}

export function StationProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<StationStatus>('loading');
  const [user, setUser] = useState<StaffUser>();
  const [browserOnline, setBrowserOnline] = useState(() => navigator.onLine);
  const [reachable, setReachable] = useState(true);
  const [pending, setPending] = useState<QueuedOperation[]>([]);
  const [documents, setDocuments] = useState<CapturedDocument[]>([]);
  const [sentDocuments, setSentDocuments] = useState<SentDocument[]>([]);
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const [confirmed, setConfirmed] = useState<ConfirmedOperation[]>([]);
  const [syncRound, setSyncRound] = useState(0);
  const [deviceId, setDeviceId] = useState<string>();
  const deviceIdRef = useRef<string | undefined>(undefined);
  const sessionKnown = useRef(false);
  const [deviceWiped, setDeviceWiped] = useState(false);
  const lost = useRef(false);

  // The server answered device_lost: lock at once (nothing more is written), then wipe everything the
  // station keeps on the device. Only the random device id stays, so the tablet stays refused.
  useEffect(() => {
    onDeviceLost(() => {
      if (lost.current) return;
      lost.current = true;
      vault.lock();
      setCsrfToken(undefined);
      sessionKnown.current = false;
      setStatus('deviceLost');
      setUser(undefined);
      setPending([]);
      setConflicts([]);
      setConfirmed([]);
      setDocuments([]);
      setSentDocuments([]);
      void (async () => {
        await vault.wipe();
        await wipeBrowserStorage({ keepShell: false });
        setDeviceWiped(true);
      })();
    });
    return () => onDeviceLost(undefined);
  }, []);

  // Sends with the session's CSRF token; a lost session or token is asked for again before the next attempt.
  const withSession = useCallback(async <T,>(send: () => Promise<T>): Promise<T> => {
    if (!sessionKnown.current) {
      const session = await stationApi.session();
      setCsrfToken(session.csrfToken);
      sessionKnown.current = true;
    }
    try {
      return await send();
    } catch (error) {
      if (error instanceof ApiProblem && (error.status === 401 || error.status === 403)) {
        sessionKnown.current = false;
      }
      throw error;
    }
  }, []);

  const queue = useMemo(
    () =>
      new OperationQueue(vault.operationStore(), async (stopId, operations) => {
        const id = deviceIdRef.current ?? (await vault.deviceId());
        return withSession(() => stationApi.operations(stopId, id, operations));
      }),
    [withSession],
  );

  // Documents go one by one with the id made at capture: a repeated send is a replay the server stores once.
  const documentQueue = useMemo(
    () =>
      new DocumentQueue(vault.documentStore(), (document, bytes) =>
        withSession(() =>
          stationApi.addCaseDocument(document.caseId, {
            fileName: document.fileName,
            clientUploadId: document.clientUploadId,
            mediaType: document.mediaType,
            bytes,
          }),
        ),
      ),
    [withSession],
  );

  const refreshLocal = useCallback(async () => {
    if (!vault.unlocked) return;
    setPending(await queue.pending());
    setConflicts(await vault.loadConflicts());
    setDocuments(await documentQueue.list());
  }, [queue, documentQueue]);

  const becomeReady = useCallback(
    async (staff: StaffUser) => {
      setUser(staff);
      const id = await vault.deviceId();
      deviceIdRef.current = id;
      setDeviceId(id);
      await refreshLocal();
      setStatus('ready');
    },
    [refreshLocal],
  );

  // Who is there at start: a session on the server, data on the device, or neither.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const hasData = await vault.exists().catch(() => false);
      setDeviceKey(await vault.deviceId().catch(() => undefined));
      try {
        const session = await stationApi.session();
        if (cancelled) return;
        setCsrfToken(session.csrfToken);
        sessionKnown.current = true;
        setUser(session.user);
        setStatus(hasData ? 'locked' : 'needsKey');
      } catch (error) {
        if (cancelled || lost.current) return;
        if (isNetworkError(error)) setReachable(false);
        // Offline, the data on the device still opens with the password; the session is checked later.
        setStatus(hasData && isNetworkError(error) ? 'locked' : 'signedOut');
        if (hasData && !isNetworkError(error)) {
          // The session ended (signed out elsewhere): the data stays locked until the next sign-in.
          setStatus('signedOut');
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    const on = () => setBrowserOnline(true);
    const off = () => setBrowserOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);

  const reportNetwork = useCallback((ok: boolean) => setReachable(ok), []);

  const stopClosed = useCallback(
    async (stopId: string) => {
      await vault.deleteDay(stopId);
      for (const conflict of await vault.loadConflicts()) {
        if (conflict.stopId === stopId) await vault.dismissConflict(conflict.opId);
      }
      await wipeBrowserStorage({ keepShell: true });
      await refreshLocal();
    },
    [refreshLocal],
  );

  const syncing = useRef(false);
  const flushDocuments = useCallback(async () => {
    const result = await documentQueue.flush();
    if (result.error === undefined || !isNetworkError(result.error)) setReachable(true);
    else setReachable(false);
    if (result.sent.length > 0) setSentDocuments((previous) => [...previous, ...result.sent].slice(-50));
  }, [documentQueue]);

  const sync = useCallback(async (): Promise<FlushResult | undefined> => {
    if (!vault.unlocked || syncing.current) return undefined;
    const hasOperations = (await queue.pending()).length > 0;
    const hasDocuments = (await documentQueue.pending()).length > 0;
    if (!hasOperations && !hasDocuments) return undefined;
    syncing.current = true;
    try {
      if (!hasOperations) {
        await flushDocuments();
        await refreshLocal();
        return undefined;
      }
      const result = await queue.flush();
      if (result.conflicts.length > 0) await vault.addConflicts(result.conflicts);
      if (result.error === undefined || !isNetworkError(result.error)) setReachable(true);
      else setReachable(false);
      await foldConfirmed(result.confirmed);
      if (result.confirmed.length > 0) {
        // Shown until the next fetch of the day; set before the queue shrinks, so nothing flickers back.
        const confirmedAt = new Date().toISOString();
        setConfirmed((previous) =>
          [...previous, ...result.confirmed.map((entry) => ({ entry, confirmedAt }))].slice(-500),
        );
      }
      const closed = result.confirmed.filter((entry) => entry.op.type === 'close_stop');
      for (const entry of closed) await stopClosed(entry.stopId);
      // Documents after the operations, unless the network just failed.
      if (hasDocuments && (result.error === undefined || !isNetworkError(result.error))) {
        await flushDocuments();
      }
      await refreshLocal();
      if (result.confirmed.length > 0 || result.conflicts.length > 0) setSyncRound((round) => round + 1);
      return result;
    } finally {
      syncing.current = false;
    }
  }, [queue, documentQueue, flushDocuments, refreshLocal, stopClosed]);

  const online = browserOnline && reachable;

  // Sync when the browser is back online and every few seconds.
  useEffect(() => {
    if (status !== 'ready') return;
    const onOnline = () => {
      setReachable(true);
      void sync();
    };
    window.addEventListener('online', onOnline);
    const timer = window.setInterval(() => {
      if (navigator.onLine) void sync();
    }, SYNC_INTERVAL_MS);
    return () => {
      window.removeEventListener('online', onOnline);
      window.clearInterval(timer);
    };
  }, [status, sync]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      setDeviceKey(await vault.deviceId());
      const session = await stationApi.signIn(email, password);
      if (session.user.mustChangePassword) {
        // The staff shell offers the forced change; the station's local key is made with the new password.
        window.location.assign('/verwaltung');
        return;
      }
      setCsrfToken(session.csrfToken);
      sessionKnown.current = true;
      await vault.openFor(password, {
        userId: session.user.id,
        name: session.user.name,
        email: session.user.email,
      });
      await becomeReady(session.user);
    },
    [becomeReady],
  );

  const unlock = useCallback(
    async (password: string) => {
      const identity = await vault.unlock(password);
      await becomeReady(
        user ?? { id: identity.userId, name: identity.name, email: identity.email, role: 'clerk' },
      );
    },
    [becomeReady, user],
  );

  const createKey = useCallback(
    async (password: string) => {
      if (!user) throw new Error('not signed in');
      await vault.create(password, { userId: user.id, name: user.name, email: user.email });
      await becomeReady(user);
    },
    [becomeReady, user],
  );

  const signOut = useCallback(async ({ everywhere = false }: { everywhere?: boolean } = {}) => {
    try {
      if (!sessionKnown.current) {
        setCsrfToken((await stationApi.session()).csrfToken);
      }
      if (everywhere) await stationApi.signOutEverywhere();
      else await stationApi.signOut();
    } catch (error) {
      // Signed out on the server already, or offline: the device forgets everything all the same.
      if (!(error instanceof ApiProblem)) throw error;
    }
    setCsrfToken(undefined);
    sessionKnown.current = false;
    await vault.wipe();
    await wipeBrowserStorage({ keepShell: true });
    setPending([]);
    setConflicts([]);
    setDocuments([]);
    setSentDocuments([]);
    setUser(undefined);
    setStatus('signedOut');
  }, []);

  const enqueue = useCallback(
    async (stopId: string, payload: OperationPayload) => {
      await queue.enqueue(stopId, makeOperation(payload));
      await refreshLocal();
      if (navigator.onLine) void sync();
    },
    [queue, refreshLocal, sync],
  );

  const captureDocument = useCallback(
    async (input: CaptureInput) => {
      const captured = await documentQueue.capture(input);
      await refreshLocal();
      if (navigator.onLine) void sync();
      return captured;
    },
    [documentQueue, refreshLocal, sync],
  );

  const discardDocument = useCallback(
    async (clientUploadId: string) => {
      await documentQueue.discard(clientUploadId);
      await refreshLocal();
    },
    [documentQueue, refreshLocal],
  );

  /** Everything signing out would lose: queued operations and every captured document still on the device. */
  const countPending = useCallback(
    async () => (vault.unlocked ? (await queue.pending()).length + (await documentQueue.list()).length : 0),
    [queue, documentQueue],
  );

  const dismissConflict = useCallback(
    async (opId: string) => {
      await vault.dismissConflict(opId);
      await refreshLocal();
    },
    [refreshLocal],
  );

  const value: StationContextValue = {
    status,
    user,
    online,
    pending,
    documents,
    sentDocuments,
    unsent: pending.length + documents.filter((document) => document.state === 'pending').length,
    confirmed,
    conflicts,
    syncRound,
    deviceId,
    deviceWiped,
    signIn,
    unlock,
    createKey,
    signOut,
    enqueue,
    captureDocument,
    discardDocument,
    sync,
    countPending,
    dismissConflict,
    reportNetwork,
    stopClosed,
  };
  return <StationContext.Provider value={value}>{children}</StationContext.Provider>;
}
