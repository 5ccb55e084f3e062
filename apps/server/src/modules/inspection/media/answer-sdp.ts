/**
 * Small edits of the server's SDP answer that werift has no setting for.
 */

/** Drops the ICE candidates whose address is not in `addresses` (lines `a=candidate:… <address> <port> typ …`). */
export function keepCandidatesOn(sdp: string, addresses: readonly string[]): string {
  const allowed = new Set(addresses);
  return splitLines(sdp)
    .filter((line) => {
      if (!line.startsWith('a=candidate:')) {
        return true;
      }
      const address = line.split(' ')[4];
      return address !== undefined && allowed.has(address);
    })
    .join('\r\n');
}

export interface VideoBitrateHints {
  /** Chrome's `x-google-start-bitrate`, kbps; 0 leaves it out. */
  startKbps: number;
  /** Chrome's `x-google-max-bitrate`, kbps; 0 leaves it out. */
  maxKbps: number;
}

/**
 * Adds Chrome's bitrate hints to every VP8 payload type of the video sections. Without TWCC,
 * Chrome's estimate starts at 300 kbps and grows by about 8 % a second, and stops at 2 Mbps: a
 * phone then stays at 640×360 for half a minute and never reaches 720p. Measured on loopback:
 * start 1500 / max 3000 reaches 720p after ~22 s, start 2500 / max 3000 after ~10 s. If the network
 * cannot carry the start rate, loss makes Chrome back off as usual.
 */
export function addVideoBitrateHints(sdp: string, hints: VideoBitrateHints): string {
  const parts = [
    hints.startKbps > 0 ? `x-google-start-bitrate=${hints.startKbps}` : null,
    hints.maxKbps > 0 ? `x-google-max-bitrate=${hints.maxKbps}` : null,
  ].filter((part) => part !== null);
  if (parts.length === 0) {
    return sdp;
  }
  const hint = parts.join(';');
  return splitSections(splitLines(sdp))
    .flatMap((section) => {
      if (!section[0]?.startsWith('m=video')) {
        return section;
      }
      const vp8 = new Set(section.map((line) => /^a=rtpmap:(\d+) VP8\/90000/i.exec(line)?.[1]).filter((type) => type !== undefined));
      const withFmtp = new Set(section.map((line) => /^a=fmtp:(\d+) /.exec(line)?.[1]).filter((type) => type !== undefined));
      return section.flatMap((line) => {
        const fmtp = /^a=fmtp:(\d+) (.*)$/.exec(line);
        if (fmtp?.[1] && vp8.has(fmtp[1]) && !fmtp[2]?.includes('x-google-')) {
          return [`${line};${hint}`];
        }
        const rtpmap = /^a=rtpmap:(\d+) /.exec(line);
        if (rtpmap?.[1] && vp8.has(rtpmap[1]) && !withFmtp.has(rtpmap[1])) {
          return [line, `a=fmtp:${rtpmap[1]} ${hint}`];
        }
        return [line];
      });
    })
    .join('\r\n');
}

function splitLines(sdp: string): string[] {
  return sdp.split(/\r?\n/);
}

/** The session part, then one array per media section (each starting with its `m=` line). */
function splitSections(lines: string[]): string[][] {
  const sections: string[][] = [[]];
  for (const line of lines) {
    if (line.startsWith('m=')) {
      sections.push([]);
    }
    sections[sections.length - 1]?.push(line);
  }
  return sections;
}
