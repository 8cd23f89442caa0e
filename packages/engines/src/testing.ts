/**
 * Test support for other packages: independent reference readings of engine rules, used as
 * oracles by property tests (e.g. the runtime checks its SQL permissions against them). Not part
 * of the engines' runtime surface.
 */
export * from './permissions/policy.reference.ts';
