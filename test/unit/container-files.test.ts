import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ContainerFileEntry } from '../../src/core/container-files';
import { ContainerFileError, ContainerFiles, command } from '../../src/core/container-files';
import type { ExecBackend } from '../../src/core/exec';
import { runToEnd } from '../../src/core/exec';
import { EmulatorFixture } from '../helpers/emulator';

/**
 * A container's files over exec, against the emulator, whose containers run real processes on this machine: a
 * container's paths are this machine's, and each test works in a folder of its own. Which tools a container has is
 * set by its PATH: one folder lacks GNU find's -printf (busybox's find), so listings go through stat; in another,
 * `sh` runs as the user nobody, so that permissions are checked (the tests run as root, whom they do not stop).
 */

const scratch = mkdtempSync(join(tmpdir(), 'eci-container-files-'));
chmodSync(scratch, 0o755);
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const which = (program: string): string =>
  execFileSync('/bin/sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).trim();

/** A PATH folder with the tools the scripts use, but a `find` without -printf (as busybox's). */
function pathWithoutFindPrintf(): string {
  const dir = join(scratch, 'no-find-printf');
  if (existsSync(dir)) return dir;
  mkdirSync(dir);
  for (const tool of ['sh', 'stat', 'cat', 'mv', 'rm', 'mkdir', 'rmdir', 'ls', 'dirname', 'basename', 'chmod'])
    symlinkSync(which(tool), join(dir, tool));
  writeFileSync(join(dir, 'find'), '#!/bin/sh\necho "find: unrecognized: -printf" >&2\nexit 1\n');
  chmodSync(join(dir, 'find'), 0o755);
  return dir;
}

/** A PATH folder whose `sh` runs as nobody, in front of this machine's own PATH. */
function pathAsNobody(): string {
  const dir = join(scratch, 'nobody');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'sh'),
    `#!/bin/sh\nexec ${which('setpriv')} --reuid=65534 --regid=65534 --clear-groups /bin/sh "$@"\n`,
  );
  chmodSync(join(dir, 'sh'), 0o755);
  return `${dir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`;
}

let fixture: EmulatorFixture;
before(async () => {
  fixture = await EmulatorFixture.start();
});
after(async () => {
  await fixture.close();
  rmSync(scratch, { recursive: true, force: true });
});

const eciContainer = (name: string, path?: string): Promise<ExecBackend> => fixture.eciExecContainer(name, path);
const jdcloudContainer = (name: string, path?: string): Promise<ExecBackend> =>
  fixture.jdcloudExecContainer(name, path);

/** A fresh folder of this machine (so, of every emulated container) for one test. */
function folder(name: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function failure(promise: Promise<unknown>): Promise<ContainerFileError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ContainerFileError) return error;
    throw error;
  }
  return assert.fail('expected a ContainerFileError');
}

const byName = (entries: readonly ContainerFileEntry[]): Map<string, ContainerFileEntry> =>
  new Map(entries.map((entry) => [entry.name, entry]));

/** Odd names: spaces, a newline, quotes, a leading dash, Unicode (two bytes, three, and outside the BMP). */
const ODD_NAMES = ['with space', 'new\nline', 'it\'s "quoted"', '-dash', 'héllo 世界 😀', '*', '.hidden', '$HOME'];

/** What every dialect must list the same way: odd names, a folder, three kinds of symbolic link. */
function oddFolder(name: string): string {
  const dir = folder(name);
  for (const odd of ODD_NAMES) writeFileSync(join(dir, odd), odd);
  mkdirSync(join(dir, 'sub dir'));
  chmodSync(join(dir, 'sub dir'), 0o750);
  symlinkSync('with space', join(dir, 'link to file'));
  symlinkSync('sub dir', join(dir, 'link to dir'));
  symlinkSync('nowhere', join(dir, 'dangling'));
  return dir;
}

function checkOddListing(entries: readonly ContainerFileEntry[], dir: string): void {
  const names = byName(entries);
  assert.deepEqual(
    [...names.keys()].sort(),
    [...ODD_NAMES, 'sub dir', 'link to file', 'link to dir', 'dangling'].sort(),
  );
  for (const odd of ODD_NAMES) {
    const entry = names.get(odd);
    assert.equal(entry?.kind, 'file', odd);
    assert.equal(entry?.size, Buffer.byteLength(odd), odd);
    assert.equal(
      entry?.mtimeMs && Math.floor(entry.mtimeMs / 1000),
      Math.floor(lstatSync(join(dir, odd)).mtimeMs / 1000),
    );
  }
  assert.equal(names.get('sub dir')?.kind, 'directory');
  assert.equal(names.get('sub dir')?.mode, 0o750);
  assert.deepEqual(
    ['link to file', 'link to dir', 'dangling'].map((n) => [names.get(n)?.kind, names.get(n)?.targetKind]),
    [
      ['symlink', 'file'],
      ['symlink', 'directory'],
      ['symlink', 'other'],
    ],
  );
}

for (const [provider, container] of [
  ['ECI', eciContainer],
  ['JD Cloud', jdcloudContainer],
] as const) {
  const tag = provider === 'ECI' ? 'eci' : 'jd';
  describe(`container files over ${provider}'s exec`, () => {
    let files: ContainerFiles;
    before(async () => {
      files = new ContainerFiles(await container(`${tag}-files`));
    });

    it('lists a folder in one exec with GNU find: odd names whole, kinds, sizes, modes, times, links', async () => {
      assert.equal(await files.listingDialect(), 'find');
      const dir = oddFolder(`${tag}-odd`);
      const entries = await files.list(dir);
      checkOddListing(entries, dir);
      assert.equal(byName(entries).get('link to dir')?.linkTarget, 'sub dir');
      // A link to a folder lists as the folder it points to.
      assert.deepEqual(await files.list(join(dir, 'link to dir')), []);
      writeFileSync(join(dir, 'sub dir', 'inside'), 'x');
      assert.deepEqual(
        (await files.list(join(dir, 'link to dir'))).map((entry) => entry.name),
        ['inside'],
      );
      const stat = await files.stat(join(dir, 'link to dir'));
      assert.deepEqual([stat.kind, stat.targetKind], ['symlink', 'directory']);
      assert.equal((await files.stat(`${dir}/`)).kind, 'directory');
    });

    it('writes and reads every byte value, keeps a file mode, writes through a link, in place', async () => {
      const dir = folder(`${tag}-bytes`);
      const path = join(dir, 'all bytes\n.bin');
      await files.write(path, Buffer.concat([ALL_BYTES, Buffer.of(4), ALL_BYTES]));
      assert.equal(
        readFileSync(path).toString('hex'),
        Buffer.concat([ALL_BYTES, Buffer.of(4), ALL_BYTES]).toString('hex'),
      );
      assert.equal((await files.read(path)).toString('hex'), readFileSync(path).toString('hex'));
      await files.write(path, Buffer.alloc(0));
      assert.equal((await files.read(path)).length, 0);

      chmodSync(path, 0o751);
      await files.write(path, Buffer.from('#!/bin/sh\n'));
      assert.equal(lstatSync(path).mode & 0o7777, 0o751);
      symlinkSync('all bytes\n.bin', join(dir, 'link'));
      await files.write(join(dir, 'link'), Buffer.from('through the link'));
      assert.equal(readlinkSync(join(dir, 'link')), 'all bytes\n.bin');
      assert.equal(readFileSync(path, 'utf8'), 'through the link');
      assert.deepEqual(
        execFileSync('ls', ['-A', dir], { encoding: 'utf8' }).split('\n').filter(Boolean).sort(),
        ['all bytes', '.bin', 'link'].sort(),
        'no temporary file left',
      );
    });

    it('streams a 10 MB file both ways, unchanged, in pieces', async () => {
      const dir = folder(`${tag}-big`);
      const content = randomBytes(10 * 1024 * 1024);
      async function* pieces(): AsyncIterable<Buffer> {
        for (let at = 0; at < content.length; at += 1_000_000) yield content.subarray(at, at + 1_000_000);
      }
      await files.write(join(dir, 'big.bin'), pieces());
      assert.equal(sha(readFileSync(join(dir, 'big.bin'))), sha(content));
      const chunks: Buffer[] = [];
      let size: number | undefined;
      await files.readTo(
        join(dir, 'big.bin'),
        async (chunk) => {
          chunks.push(chunk);
          await new Promise((resolve) => setImmediate(resolve));
        },
        (said) => (size = said),
      );
      assert.equal(size, content.length);
      assert.ok(chunks.length > 1, 'in more than one piece');
      assert.equal(sha(Buffer.concat(chunks)), sha(content));
      assert.equal(sha(await files.read(join(dir, 'big.bin'))), sha(content));
    });

    it('writes a file whose size it knows without needing the end of input (which ECI does not document)', async () => {
      const dir = folder(`${tag}-no-eof`);
      // The same container, through a byte stream whose end of input never reaches the server.
      const deaf: ExecBackend = {
        ...files.backend,
        openStream: async (command, events) => {
          const stream = await files.backend.openStream(command, events);
          return Object.assign(Object.create(stream) as typeof stream, { end: () => undefined });
        },
      };
      const noEof = new ContainerFiles(deaf);
      await noEof.write(join(dir, 'whole.bin'), ALL_BYTES);
      async function* pieces(): AsyncIterable<Buffer> {
        yield ALL_BYTES.subarray(0, 100);
        yield ALL_BYTES.subarray(100);
      }
      await noEof.write(join(dir, 'pieces.bin'), pieces(), { size: 256 });
      for (const name of ['whole.bin', 'pieces.bin'])
        assert.equal(readFileSync(join(dir, name)).toString('hex'), ALL_BYTES.toString('hex'), name);
    });

    it('lists a folder of 1,000 entries', async () => {
      const dir = folder(`${tag}-thousand`);
      for (let i = 0; i < 1000; i++) writeFileSync(join(dir, `file ${i}`), String(i));
      const entries = await files.list(dir);
      assert.equal(entries.length, 1000);
      assert.equal(byName(entries).get('file 999')?.size, 3);
    });

    it('makes folders, renames, deletes (recursively when asked)', async () => {
      const dir = folder(`${tag}-tree`);
      await files.mkdir(join(dir, 'a b'));
      await files.write(join(dir, 'a b', 'x'), Buffer.from('x'));
      await files.rename(join(dir, 'a b'), join(dir, 'c d'));
      assert.equal(readFileSync(join(dir, 'c d', 'x'), 'utf8'), 'x');
      await files.mkdir(join(dir, 'e'));
      // Onto an existing folder, replaced (not moved into) when overwrite is asked.
      await files.rename(join(dir, 'c d'), join(dir, 'e'), { overwrite: true });
      assert.equal(readFileSync(join(dir, 'e', 'x'), 'utf8'), 'x');
      await files.delete(join(dir, 'e', 'x'));
      await files.delete(join(dir, 'e'));
      await files.mkdir(join(dir, 'f'));
      await files.write(join(dir, 'f', 'y'), Buffer.from('y'));
      await files.delete(join(dir, 'f'), { recursive: true });
      assert.deepEqual(await files.list(dir), []);
    });

    it('says what went wrong: no such file, not a folder, is a folder, exists, not empty', async () => {
      const dir = folder(`${tag}-errors`);
      writeFileSync(join(dir, 'file'), 'x');
      mkdirSync(join(dir, 'full'));
      writeFileSync(join(dir, 'full', 'y'), 'y');
      const cases: [() => Promise<unknown>, string][] = [
        [() => files.list(join(dir, 'missing')), 'ENOENT'],
        [() => files.stat(join(dir, 'missing')), 'ENOENT'],
        [() => files.read(join(dir, 'missing')), 'ENOENT'],
        [() => files.list(join(dir, 'file')), 'ENOTDIR'],
        [() => files.read(join(dir, 'full')), 'EISDIR'],
        [() => files.write(join(dir, 'full'), Buffer.from('x')), 'EISDIR'],
        [() => files.write(join(dir, 'file'), Buffer.from('x'), { overwrite: false }), 'EEXIST'],
        [() => files.write(join(dir, 'new'), Buffer.from('x'), { create: false }), 'ENOENT'],
        [() => files.write(join(dir, 'missing', 'new'), Buffer.from('x')), 'ENOENT'],
        [() => files.write(join(dir, 'file', 'new'), Buffer.from('x')), 'ENOTDIR'],
        [() => files.mkdir(join(dir, 'full')), 'EEXIST'],
        [() => files.mkdir(join(dir, 'missing', 'new')), 'ENOENT'],
        [() => files.delete(join(dir, 'full')), 'ENOTEMPTY'],
        [() => files.delete(join(dir, 'missing')), 'ENOENT'],
        [() => files.rename(join(dir, 'file'), join(dir, 'full')), 'EEXIST'],
        [() => files.rename(join(dir, 'missing'), join(dir, 'other')), 'ENOENT'],
      ];
      for (const [promise, code] of cases) {
        const error = await failure(promise());
        assert.equal(error.code, code, error.message);
        assert.ok(error.message.startsWith('Could not ') && error.message.includes(`${dir}/`), error.message);
        assert.ok(error.message.includes(` in ${files.backend.label}: `), error.message);
      }
      assert.equal(
        (await failure(files.list(join(dir, 'missing')))).message,
        `Could not list ${dir}/missing in ${files.backend.label}: No such file or folder.`,
      );
      assert.equal(readFileSync(join(dir, 'file'), 'utf8'), 'x', 'a refused write leaves the file as it was');
    });

    it('lists through stat where find has no -printf (busybox)', async () => {
      const stat = new ContainerFiles(await container(`${tag}-stat`, pathWithoutFindPrintf()));
      assert.equal(await stat.listingDialect(), 'stat');
      const dir = oddFolder(`${tag}-odd-stat`);
      checkOddListing(await stat.list(dir), dir);
      const link = await stat.stat(join(dir, 'link to dir'));
      assert.deepEqual([link.kind, link.targetKind], ['symlink', 'directory']);
      assert.equal((await stat.stat(join(dir, 'sub dir'))).mode, 0o750);
      assert.deepEqual(await stat.list(folder(`${tag}-empty-stat`)), []);
      assert.equal((await failure(stat.list(join(dir, 'missing')))).code, 'ENOENT');
    });

    it('says permission denied where the container user may not read or write', async () => {
      const nobody = new ContainerFiles(await container(`${tag}-nobody`, pathAsNobody()));
      assert.equal((await runToEnd(nobody.backend, ['sh', '-c', 'id -u'])).stdout.toString().trim(), '65534');
      const dir = folder(`${tag}-private`);
      writeFileSync(join(dir, 'secret'), 'x');
      chmodSync(join(dir, 'secret'), 0o600);
      mkdirSync(join(dir, 'closed'));
      chmodSync(join(dir, 'closed'), 0o700);
      for (const [promise, code] of [
        [() => nobody.read(join(dir, 'secret')), 'EACCES'],
        [() => nobody.write(join(dir, 'secret'), Buffer.from('y')), 'EACCES'],
        [() => nobody.write(join(dir, 'new'), Buffer.from('y')), 'EACCES'],
        [() => nobody.list(join(dir, 'closed')), 'EACCES'],
        [() => nobody.mkdir(join(dir, 'made')), 'EACCES'],
        // Behind a folder it may not search: not "no such file".
        [() => nobody.read(join(dir, 'closed', 'inside')), 'EACCES'],
      ] as const) {
        const error = await failure(promise());
        assert.equal(error.code, code, error.message);
        assert.match(error.message, /: Permission denied\.$/);
      }
      assert.equal(readFileSync(join(dir, 'secret'), 'utf8'), 'x');
      assert.equal((await nobody.stat(join(dir, 'secret'))).writable, false, 'says it may not write it');
      assert.equal((await files.stat(join(dir, 'secret'))).writable, true, 'root may');
    });
  });
}

describe('container file commands', () => {
  it("fit ECI's limits: at most 20 items of at most 256 bytes, however long or wide the path", () => {
    const path = `/${'é😀'.repeat(300)}`;
    const items = command(`P='${path}'; echo`);
    assert.ok(items.length <= 20);
    for (const item of items) assert.ok(Buffer.byteLength(item) <= 256, item);
    assert.equal(items.slice(4).join(''), items.slice(4).join('').normalize());
    assert.throws(() => command(`P='${'x'.repeat(5000)}'`), /too long/);
  });
});
