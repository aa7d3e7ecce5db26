// The `certwatch` command line: subcommands and their flags.
import { Command } from 'commander';

export async function run(argv: string[]): Promise<number> {
  const program = new Command('certwatch');
  program.description('Watch TLS certificates before they expire or break.');
  await program.parseAsync(argv, { from: 'user' });
  return 0;
}
