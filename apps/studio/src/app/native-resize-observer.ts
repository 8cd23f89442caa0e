/**
 * Stands in for `resize-observer-polyfill`, which antd's helpers import: every browser the build
 * targets (ES2022) has ResizeObserver, and the polyfill hands back the native one there anyway.
 * `vite.config.ts` resolves the package name to this file, which saves its script (decision 053).
 */
export default globalThis.ResizeObserver;
