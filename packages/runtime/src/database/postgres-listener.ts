/**
 * LISTEN on a dedicated PostgreSQL connection (a pooled one may be handed to someone else). When
 * the connection drops it reconnects with back-off and reports `null`, because notifications sent
 * meanwhile are lost and caches must start over.
 */
import pg from 'pg';

export async function listenForNotifications(databaseUrl: string, channel: string, onMessage: (payload: string | null) => void): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`Unsafe channel name ${JSON.stringify(channel)}`);
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (delay: number, resync: boolean): Promise<void> => {
    const next = new pg.Client({ connectionString: databaseUrl });
    next.on('notification', (message) => {
      if (message.channel === channel) onMessage(message.payload ?? '');
    });
    next.on('error', () => {
      if (stopped) return;
      next.end().catch(() => undefined); // the connection is already broken; ending it only frees the socket
      reconnect(delay);
    });
    await next.connect();
    await next.query(`LISTEN "${channel}"`);
    client = next;
    if (resync) onMessage(null);
  };

  const reconnect = (delay: number): void => {
    retry = setTimeout(() => {
      connect(Math.min(delay * 2, 30_000), true).catch(() => reconnect(Math.min(delay * 2, 30_000)));
    }, delay);
  };

  await connect(500, false);
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end();
  };
}
