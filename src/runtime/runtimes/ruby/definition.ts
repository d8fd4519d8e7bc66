// Ruby: runs on the machine's ruby.

import { detectOnce, installHint, run, runtimeDir, type RuntimeDefinition, type Toolchain } from '../toolchain.ts';

const toolchain = (): Promise<Toolchain | undefined> =>
  detectOnce('ruby', async () => {
    // Ask ruby for its real executable: version managers (rbenv, asdf) put a shell-script shim
    // first on PATH, and starting through it would add its own start-up to every cold start.
    try {
      const { stdout } = await run('ruby', ['--disable-gems', '-rrbconfig', '-e', 'puts RbConfig.ruby, RUBY_VERSION'], { timeout: 10_000 });
      const [command, version] = stdout.trim().split('\n');
      return command && version ? { command, version } : undefined;
    } catch {
      return undefined;
    }
  });

function ruby(minor: string): RuntimeDefinition {
  return {
    id: `ruby${minor}`,
    family: 'ruby',
    languageVersion: minor,
    detect: toolchain,
    // --disable-gems: RubyGems alone costs ~40 ms of start-up; the bootstrap loads it the
    // first time a require needs it. -E UTF-8: UTF-8 strings from pipes and files whatever the
    // host's locale, as on Lambda (LANG=en_US.UTF-8). See the head of bootstrap.rb.
    launch: (found) => ({ command: found.command, args: ['--disable-gems', '-E', 'UTF-8', `${runtimeDir('ruby')}bootstrap.rb`], runtimeDir: runtimeDir('ruby') }),
    installHint: installHint('ruby', 'ruby'),
  };
}

// Source: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html (ruby4.0 since
// 2026-04-30); dates, deprecated ones included: deprecation.ts.
export const definitions = ['3.2', '3.3', '3.4', '4.0'].map(ruby);
