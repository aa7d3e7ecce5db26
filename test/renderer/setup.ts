// Per-test hygiene for the component tests: unmount what a test rendered, stop the engines it started, and
// restore spies and timers.
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { stopEngines } from './engine-api';

afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
  await stopEngines();
});
