// Flag parsers shared by CLI commands: each rejects bad values with a sentence naming the flag.
import { InvalidArgumentError } from 'commander';

/** A mistake in how the command was called; reported on stderr with exit code 3 (UNKNOWN). */
export class UsageError extends Error {}

export function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new InvalidArgumentError(
        `expected a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}, got "${value}".`,
      );
    }
    return Number(value);
  };
}

export function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 600)
    throw new InvalidArgumentError(`expected seconds between 0 and 600, got "${value}".`);
  return n;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
