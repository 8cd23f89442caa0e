/**
 * A rep's leave, set by an administrator or by one of the rep's managers (the manager chain of
 * the org chart): assignment passes over a rep whose leave covers today (decision 107).
 *
 * | route                          | does                                              |
 * | ------------------------------ | ------------------------------------------------- |
 * | `GET    /api/users/:id/leave`  | the leave (`onLeave` today, `from`, `until`)      |
 * | `PUT    /api/users/:id/leave`  | on leave from a date, until a date or open-ended  |
 * | `DELETE /api/users/:id/leave`  | back at work                                      |
 *
 * @example
 * await app.register(leaveRoutes, { identity, database });
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readLeave, setLeave, type Database, type Identity } from '@pipewright/runtime';
import { identityErrorHandler, identityProblem, sendIdentityProblem } from '../auth/identity-problems.ts';
import { idParamsSchema, type IdParams } from '../auth/identity-schemas.ts';
import { noQuerySchema } from '../route-params.ts';

export interface LeaveRoutesOptions {
  identity: Identity;
  database: Database;
}

const day = { type: 'string', format: 'date', description: 'A calendar date, YYYY-MM-DD' } as const;
const leaveBodySchema = { type: 'object', required: ['from'], additionalProperties: false, properties: { from: day, until: { ...day, type: ['string', 'null'], description: 'The last day of leave; null or absent: until marked back' } } } as const;
const leaveAnswer = { type: 'object', required: ['onLeave', 'from', 'until'], properties: { onLeave: { type: 'boolean', description: 'On leave today' }, from: { type: ['string', 'null'] }, until: { type: ['string', 'null'] } } } as const;
const tags = ['users'];

export async function leaveRoutes(app: FastifyInstance, { identity, database }: LeaveRoutesOptions): Promise<void> {
  app.setErrorHandler(identityErrorHandler);

  /** Administrators, and managers of the user (anyone above them in the manager chain). */
  const requireAdminOrManager = async (request: FastifyRequest<{ Params: IdParams }>, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const subject = request.actor.subject;
    if (subject.isAdmin) return undefined;
    const target = await identity.directory.subject(Number(request.params.id));
    if (target?.managerChain.includes(subject.userId)) return undefined;
    return sendIdentityProblem(reply, identityProblem('auth.forbidden', 'Only an administrator or the user’s manager may set their leave'));
  };

  const url = '/api/users/:id/leave';
  const guarded = { preHandler: requireAdminOrManager };
  app.get<{ Params: IdParams }>(url, { ...guarded, schema: { operationId: 'getLeave', summary: 'A user’s leave', tags, params: idParamsSchema, querystring: noQuerySchema, response: { 200: leaveAnswer } } }, async (request) => readLeave(database.db, Number(request.params.id)));
  app.put<{ Params: IdParams; Body: { from: string; until?: string | null } }>(
    url,
    { ...guarded, schema: { operationId: 'setLeave', summary: 'Mark a user on leave from a date (until a date, or until marked back): assignment passes over them', tags, params: idParamsSchema, querystring: noQuerySchema, body: leaveBodySchema, response: { 200: leaveAnswer } } },
    async (request) => setLeave(database.db, Number(request.params.id), request.body),
  );
  app.delete<{ Params: IdParams }>(url, { ...guarded, schema: { operationId: 'endLeave', summary: 'Mark a user back at work', tags, params: idParamsSchema, querystring: noQuerySchema, response: { 200: leaveAnswer } } }, async (request) => setLeave(database.db, Number(request.params.id), null));
}
