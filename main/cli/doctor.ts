// `certwatch doctor`: its flags and help; the self-test itself (doctor-run.ts) loads only when the command runs.
import type { Command } from 'commander';
import type { CliIo } from './io';
import type { DoctorOptions } from './doctor-run';

export type { DoctorOptions };

export function registerDoctor(program: Command, io: CliIo, setCode: (code: number) => void): void {
  program
    .command('doctor')
    .description(
      'Self-test: probe a test server on 127.0.0.1 with a freshly minted chain, and report the TLS profile, trust store, notification route and proxy. Exits 1 when a check fails.',
    )
    .option('--json', 'print the report as JSON')
    .option('--ca <file>', 'also count the CAs in this PEM bundle, as check --ca would')
    .option('--proxy <url>', 'report this proxy instead of the environment’s, as check --proxy would')
    .action(async (opts: DoctorOptions) => {
      const { runDoctorCommand } = await import('./doctor-run');
      setCode(await runDoctorCommand(opts, io));
    });
}
