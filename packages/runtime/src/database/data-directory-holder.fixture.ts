/**
 * A process that opens a PGlite data directory and keeps it open until it is told to stop: the
 * other process in the data directory lock's tests. `tsx data-directory-holder.fixture.ts <dir> <holder>`
 * prints `ready` once the database is open, and closes it on SIGTERM or when stdin ends.
 */
import { createDatabase } from './database.ts';

const [dataDir, holder] = process.argv.slice(2);
if (!dataDir || !holder) throw new Error('usage: data-directory-holder.fixture.ts <dataDir> <holder>');
const database = await createDatabase({ dataDir, holder, create: true });
await database.executeSql('select 1');
process.stdout.write('ready\n');
const stop = () => void database.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
