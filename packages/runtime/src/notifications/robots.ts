/**
 * The group robots of an app (decision 085): a 企业微信 or 钉钉 group robot's webhook URL, its
 * signing secret (钉钉 "加签"), the message format, and the user whose view of a record its
 * messages show (a group has many readers: a message names only what `viewAs` may read). An
 * administrator keeps them per installation; bundles carry none, since a robot's URL is a
 * credential of one installation. The URL is checked against the outbound policy when saved and
 * again at every send. The secret is stored (signing needs it) and never answered.
 *
 * @example
 * const robot = await robots.create('crm', { name: '华东销售群', kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=…', secret: 'SEC…', viewAs: 12 });
 * await robots.list('crm');      // [{ id, name, kind, url, hasSecret: true, format: 'markdown', viewAs: 12, active: true, … }]
 */
import { PipewrightError } from '@pipewright/engines';
import { sql, type Kysely } from 'kysely';
import type { Database, DynamicTables } from '../database/index.ts';
import type { OutboundPolicy } from '../outbound/outbound-policy.ts';
import type { RobotFormat, RobotKind } from './robot-messages.ts';

export interface Robot {
  id: number;
  app: string;
  name: string;
  kind: RobotKind;
  url: string;
  hasSecret: boolean;
  format: RobotFormat;
  viewAs: number;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface NewRobot {
  name: string;
  kind: RobotKind;
  url: string;
  secret?: string | null | undefined;
  format?: RobotFormat | undefined;
  viewAs: number;
  active?: boolean | undefined;
}

export type RobotChanges = Partial<NewRobot>;

/** A robot as the sender needs it, with its secret. */
export interface RobotEndpoint extends Robot {
  secret: string | null;
}

/** 400 `robot.invalid` naming the field. */
export class RobotInvalidError extends PipewrightError {
  constructor(path: string, message: string) {
    super('robot.invalid', message, [{ path, code: 'robot.invalid', message }]);
    this.name = 'RobotInvalidError';
  }
}

export class RobotNotFoundError extends PipewrightError {
  constructor(id: number) {
    super('robot.notFound', `There is no robot ${id} in this app`, [{ path: '/id', code: 'robot.notFound', message: 'is not a robot of this app' }]);
    this.name = 'RobotNotFoundError';
  }
}

interface Row {
  id: number | string;
  app: string;
  name: string;
  kind: RobotKind;
  url: string;
  secret: string | null;
  format: RobotFormat;
  view_as: number | string;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export class RobotStore {
  private readonly db: Kysely<DynamicTables>;

  constructor(database: Database, private readonly outbound: OutboundPolicy) {
    this.db = database.db;
  }

  async list(app: string): Promise<Robot[]> {
    const { rows } = await sql<Row>`SELECT * FROM pipewright.notification_robots WHERE app = ${app} ORDER BY id`.execute(this.db);
    return rows.map(toRobot);
  }

  /** The active robots of these kinds, with their secrets (for sending). */
  async endpoints(db: Kysely<DynamicTables>, app: string, kinds: readonly RobotKind[]): Promise<RobotEndpoint[]> {
    if (kinds.length === 0) return [];
    const { rows } = await sql<Row>`SELECT * FROM pipewright.notification_robots WHERE app = ${app} AND active AND kind IN (${sql.join([...kinds])}) ORDER BY id`.execute(db);
    return rows.map((r) => ({ ...toRobot(r), secret: r.secret }));
  }

  async endpoint(db: Kysely<DynamicTables>, id: number): Promise<RobotEndpoint | undefined> {
    const { rows } = await sql<Row>`SELECT * FROM pipewright.notification_robots WHERE id = ${id}`.execute(db);
    return rows[0] ? { ...toRobot(rows[0]), secret: rows[0].secret } : undefined;
  }

  async get(app: string, id: number): Promise<Robot> {
    const { rows } = await sql<Row>`SELECT * FROM pipewright.notification_robots WHERE app = ${app} AND id = ${id}`.execute(this.db);
    if (!rows[0]) throw new RobotNotFoundError(id);
    return toRobot(rows[0]);
  }

  async create(app: string, robot: NewRobot): Promise<Robot> {
    await this.check(robot);
    const { rows } = await sql<Row>`
      INSERT INTO pipewright.notification_robots (app, name, kind, url, secret, format, view_as, active)
      VALUES (${app}, ${robot.name}, ${robot.kind}, ${robot.url}, ${robot.secret ?? null}, ${robot.format ?? 'markdown'}, ${robot.viewAs}, ${robot.active ?? true})
      RETURNING *`.execute(this.db);
    return toRobot(rows[0]!);
  }

  async update(app: string, id: number, changes: RobotChanges): Promise<Robot> {
    await this.get(app, id);
    await this.check(changes);
    const sets = [
      changes.name !== undefined ? sql`name = ${changes.name}` : undefined,
      changes.kind !== undefined ? sql`kind = ${changes.kind}` : undefined,
      changes.url !== undefined ? sql`url = ${changes.url}` : undefined,
      changes.secret !== undefined ? sql`secret = ${changes.secret}` : undefined,
      changes.format !== undefined ? sql`format = ${changes.format}` : undefined,
      changes.viewAs !== undefined ? sql`view_as = ${changes.viewAs}` : undefined,
      changes.active !== undefined ? sql`active = ${changes.active}` : undefined,
    ].filter((s) => s !== undefined);
    const { rows } = await sql<Row>`UPDATE pipewright.notification_robots SET ${sql.join([...sets, sql`updated_at = now()`])} WHERE app = ${app} AND id = ${id} RETURNING *`.execute(this.db);
    return toRobot(rows[0]!);
  }

  async delete(app: string, id: number): Promise<void> {
    const result = await sql`DELETE FROM pipewright.notification_robots WHERE app = ${app} AND id = ${id}`.execute(this.db);
    if (Number(result.numAffectedRows ?? 0) === 0) throw new RobotNotFoundError(id);
  }

  private async check(robot: RobotChanges): Promise<void> {
    if (robot.url !== undefined) this.outbound.checkUrl(robot.url, '/url');
    if (robot.viewAs !== undefined) {
      const { rows } = await sql<{ active: boolean }>`SELECT active FROM pipewright.users WHERE id = ${robot.viewAs}`.execute(this.db);
      if (!rows[0]?.active) throw new RobotInvalidError('/viewAs', `there is no active user ${robot.viewAs}`);
    }
  }
}

function toRobot(row: Row): Robot {
  return {
    id: Number(row.id),
    app: row.app,
    name: row.name,
    kind: row.kind,
    url: row.url,
    hasSecret: row.secret !== null && row.secret !== '',
    format: row.format,
    viewAs: Number(row.view_as),
    active: row.active,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
