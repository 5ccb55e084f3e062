import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  finaliseSegmentFile,
  findNextSegmentIndex,
  partialFileName,
  recoverInterruptedSegments,
  segmentFileName,
} from './segment-recorder.js';

const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;

describe('segment files', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'yuanqu-segments-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('numbers a new segment after every segment already in the folder, finished or not', async () => {
    expect(await findNextSegmentIndex(folder)).toBe(1);
    await writeFile(join(folder, segmentFileName(2)), 'x');
    await writeFile(join(folder, partialFileName(segmentFileName(7, 1))), 'x');
    await writeFile(join(folder, 'notes.txt'), 'x');
    expect(await findNextSegmentIndex(folder)).toBe(8);
    expect(await findNextSegmentIndex(join(folder, 'missing'))).toBe(1);
  });

  it('without ffmpeg keeps the bytes as recorded and reports their SHA-256', async () => {
    const partial = join(folder, partialFileName(segmentFileName(1)));
    await writeFile(partial, 'recorded bytes');
    const file = await finaliseSegmentFile(partial, join(folder, segmentFileName(1)), { ffmpegPath: null });
    expect(file).toEqual({
      path: join(folder, 'segment-001.webm'),
      sha256: createHash('sha256').update('recorded bytes').digest('hex'),
      sizeBytes: 14,
      isRemuxed: false,
      lastWrittenAt: expect.any(Date),
    });
    expect(existsSync(partial)).toBe(false);
  });

  it('keeps the file as recorded when the remux fails', async () => {
    const partial = join(folder, partialFileName(segmentFileName(1)));
    await writeFile(partial, 'not a webm file');
    const file = await finaliseSegmentFile(partial, join(folder, segmentFileName(1)), {
      ffmpegPath: hasFfmpeg ? 'ffmpeg' : '/nonexistent/ffmpeg',
    });
    expect(file.isRemuxed).toBe(false);
    expect(await readFile(file.path, 'utf8')).toBe('not a webm file');
    expect(await readdir(folder)).toEqual(['segment-001.webm']);
  });

  it.skipIf(!hasFfmpeg)('remuxes a WebM with ffmpeg and hashes the result', async () => {
    const partial = join(folder, partialFileName(segmentFileName(1)));
    const made = spawnSync('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=160x120:rate=15',
      '-t',
      '1',
      '-c:v',
      'libvpx',
      '-f',
      'webm',
      '-y',
      partial,
    ]);
    expect(made.status).toBe(0);
    const file = await finaliseSegmentFile(partial, join(folder, segmentFileName(1)), { ffmpegPath: 'ffmpeg' });
    expect(file.isRemuxed).toBe(true);
    expect(file.sha256).toBe(
      createHash('sha256')
        .update(await readFile(file.path))
        .digest('hex'),
    );
    expect(await readdir(folder)).toEqual(['segment-001.webm']);
  });

  it('recovers partial segments left by a crash, and drops leftovers of a finished one', async () => {
    await writeFile(join(folder, partialFileName(segmentFileName(1))), 'left over after the final file was written');
    await writeFile(join(folder, segmentFileName(1)), 'final');
    await writeFile(join(folder, `${segmentFileName(2)}.remux.webm`), 'half a remux');
    await writeFile(join(folder, partialFileName(segmentFileName(2))), 'interrupted');
    await writeFile(join(folder, partialFileName(segmentFileName(2, 1))), 'an inspector, interrupted');
    const recovered = await recoverInterruptedSegments(folder, { ffmpegPath: null });
    expect(recovered.map((file) => file.path).sort()).toEqual([
      join(folder, 'segment-002.inspector-1.webm'),
      join(folder, 'segment-002.webm'),
    ]);
    expect((await readdir(folder)).sort()).toEqual(['segment-001.webm', 'segment-002.inspector-1.webm', 'segment-002.webm']);
    expect(await readFile(join(folder, 'segment-001.webm'), 'utf8')).toBe('final');
  });

  it('recovers one segment only, leaving the one being written beside it untouched', async () => {
    await writeFile(join(folder, partialFileName(segmentFileName(2))), 'its writer died');
    await writeFile(join(folder, partialFileName(segmentFileName(2, 1))), 'an inspector of it');
    await writeFile(join(folder, partialFileName(segmentFileName(3))), 'being written');
    await writeFile(join(folder, `${segmentFileName(3)}.remux.webm`), 'a remux under way');
    const recovered = await recoverInterruptedSegments(folder, { ffmpegPath: null, onlySegment: 2 });
    expect(recovered.map((file) => file.path).sort()).toEqual([join(folder, 'segment-002.inspector-1.webm'), join(folder, 'segment-002.webm')]);
    expect((await readdir(folder)).sort()).toEqual([
      'segment-002.inspector-1.webm',
      'segment-002.webm',
      'segment-003.partial.webm',
      'segment-003.webm.remux.webm',
    ]);
  });
});
