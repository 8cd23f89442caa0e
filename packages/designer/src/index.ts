// @pipewright/designer: this package is part of the workspace layout of DESIGN.md; its first
// features arrive with the studio and template issues. It exports nothing yet.
export {};
