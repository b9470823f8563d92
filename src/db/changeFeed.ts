import pg from 'pg';
import type { DatabaseHandle } from './connection.ts';

/**
 * Notifications of committed changes on one channel (PostgreSQL LISTEN/NOTIFY), for what a process keeps in
 * memory. PostgreSQL: one dedicated connection outside the pool; PGlite: its `listen` (one process).
 *
 * `trusted` is true only while every notification is known to arrive: from the moment LISTEN answered until
 * the connection is lost. A lost connection tells every subscriber to forget everything (`onReset`), and
 * again once it listens anew; in between nothing may be kept.
 */
export interface ChangeFeed {
  readonly trusted: boolean;
  subscribe(onChange: (payload: string) => void, onReset: () => void): () => void;
  /**
   * Resolves once every notification of a transaction committed before the call has been handed to the
   * subscribers (a round trip on the listening connection: its answer comes after those notifications).
   * Concurrent calls share round trips.
   */
  sync(): Promise<void>;
  close(): Promise<void>;
}

interface Subscriber {
  onChange: (payload: string) => void;
  onReset: () => void;
}

abstract class BaseFeed implements ChangeFeed {
  trusted = false;
  protected closed = false;
  private readonly subscribers = new Set<Subscriber>();
  private roundTripRunning = false;
  private waiting: (() => void)[] = [];

  subscribe(onChange: (payload: string) => void, onReset: () => void) {
    const subscriber = { onChange, onReset };
    this.subscribers.add(subscriber);
    return () => void this.subscribers.delete(subscriber);
  }

  protected deliver(payload: string) {
    for (const subscriber of this.subscribers) subscriber.onChange(payload);
  }

  protected reset() {
    for (const subscriber of this.subscribers) subscriber.onReset();
  }

  protected abstract roundTrip(): Promise<void>;

  sync(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.pump();
    });
  }

  // A round trip already under way may have started before the caller's commit: callers arriving meanwhile
  // wait for the next one, which they share.
  private pump() {
    if (this.roundTripRunning || this.waiting.length === 0) return;
    const batch = this.waiting;
    this.waiting = [];
    this.roundTripRunning = true;
    void this.roundTrip()
      .catch(() => undefined)
      .finally(() => {
        this.roundTripRunning = false;
        for (const resolve of batch) resolve();
        this.pump();
      });
  }

  abstract close(): Promise<void>;
}

class PostgresFeed extends BaseFeed {
  private client: pg.Client | undefined;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly channel: string,
  ) {
    super();
  }

  async start(): Promise<void> {
    const client = new pg.Client(this.config);
    const lost = () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.trusted = false;
      this.reset();
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (!this.closed) this.retry = setTimeout(() => void this.start().catch(() => undefined), 1000);
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.deliver(message.payload ?? '*');
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
    } catch (error) {
      lost();
      throw error;
    }
    if (this.client !== client || this.closed) return;
    // Whatever was kept while not listening is forgotten before anything is trusted again.
    this.reset();
    this.trusted = true;
  }

  protected async roundTrip(): Promise<void> {
    const client = this.client;
    if (!client || !this.trusted) return;
    try {
      await client.query('SELECT 1');
    } catch {
      // The connection is lost: `lost` has told the subscribers to forget.
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.trusted = false;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    this.reset();
    await client?.end().catch(() => undefined);
  }
}

class PgliteFeed extends BaseFeed {
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly pglite: NonNullable<DatabaseHandle['pglite']>,
    private readonly channel: string,
  ) {
    super();
  }

  async start(): Promise<void> {
    this.unlisten = await this.pglite.listen(this.channel, (payload) => this.deliver(payload || '*'));
    this.trusted = true;
  }

  protected async roundTrip(): Promise<void> {
    // One database in this process: a query runs after every earlier one, and their notifications are
    // handed out as each of them ends.
    if (!this.closed) await this.pglite.query('SELECT 1');
  }

  async close(): Promise<void> {
    this.closed = true;
    this.trusted = false;
    this.reset();
    await this.unlisten?.().catch(() => undefined);
  }
}

/** Listens on `channel` of the handle's database. The caller closes the feed before the database. */
export async function openChangeFeed(handle: DatabaseHandle, channel: string): Promise<ChangeFeed> {
  if (handle.pglite) {
    const feed = new PgliteFeed(handle.pglite, channel);
    await feed.start();
    return feed;
  }
  const options = (handle.pool as unknown as { options: pg.PoolConfig }).options;
  const { max: _max, idleTimeoutMillis: _idle, ...clientConfig } = options;
  const feed = new PostgresFeed({ ...clientConfig, keepAlive: true }, channel);
  await feed.start();
  return feed;
}
