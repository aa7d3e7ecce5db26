// Builds the CLI bundle once, so tests that spawn `certwatch` run the same file `npx certwatch` runs.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
