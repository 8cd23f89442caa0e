/**
 * @pipewright/server: the HTTP server over the runtime. `buildServer` for embedding and tests;
 * `src/main.ts` starts it from the environment.
 */
export { buildServer, defaultBodyLimit } from './app.ts';
export type { ServerOptions } from './app.ts';
export { readServerConfig } from './server-config.ts';
export type { ServerConfig } from './server-config.ts';
export { installTemplate } from './template/install-template.ts';
export { errorToProblem } from './problems/error-to-problem.ts';
export type { Problem, ProblemItem } from './problems/problem.ts';
