// Types for the plain-JS build script, so TypeScript tests can call its builders.
export function buildCli(): Promise<void>;
export function buildApp(): Promise<void>;
export function buildBridge(options?: { rendererOutDir?: string }): Promise<void>;
