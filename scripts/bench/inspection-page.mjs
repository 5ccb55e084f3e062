// The browser side of `npm run bench:inspection`: a participant of a live inspection (the phone or an
// inspector) in plain JavaScript, written into a page of the app's origin and driven through
// window.live. It speaks the live protocol (packages/shared/src/inspection/live-protocol.ts) like
// apps/server/src/modules/inspection/live-test-page.html — welcome, transceivers from
// welcome.config.layout, a complete offer, join, answer — and adds what the benchmark reads:
//  - marks: wall-clock times (performance.timeOrigin + performance.now(), comparable across pages of
//    one machine) of the socket opening, the welcome, the camera, the offer's start, the `join` sent
//    (the phone "pressing join"), the answer and the peer connection reaching `connected`;
//  - firstFrame: on an inspector, the first video frame presented by the <video> element
//    (requestVideoFrameCallback: the callback's time, the frame's presentation time and the time its
//    last packet arrived) and, independently, the first getStats() poll (every 10 ms) that shows
//    framesDecoded > 0;
//  - stats(): the video the page sends (phone: encoder size, fps, bytes, quality limitation) and
//    receives (inspector: decoded size, fps, bytes, freezes).

export const PARTICIPANT_PAGE = String.raw`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>bench:inspection participant</title>
  </head>
  <body>
    <video id="remote" autoplay playsinline muted width="320" height="180"></video>
    <video id="local" autoplay playsinline muted width="320" height="180"></video>
    <script>
      const now = () => performance.timeOrigin + performance.now();
      const state = { socket: null, pc: null, media: null, role: null, received: [], marks: {}, history: [], firstFrame: null, statsFirstFrame: null };

      function waitForGathering(pc) {
        if (pc.iceGatheringState === 'complete') return Promise.resolve();
        return new Promise((resolve) => {
          const check = () => {
            if (pc.iceGatheringState === 'complete') {
              pc.removeEventListener('icegatheringstatechange', check);
              resolve();
            }
          };
          pc.addEventListener('icegatheringstatechange', check);
        });
      }

      function nextMessage(type, predicate = () => true, timeoutMs = 60000) {
        const deadline = Date.now() + timeoutMs;
        return new Promise((resolve, reject) => {
          const poll = () => {
            const found = state.received.find((message) => message.type === type && predicate(message));
            if (found) return resolve(found);
            if (Date.now() > deadline)
              return reject(new Error('no ' + type + ' within ' + timeoutMs + ' ms; got ' + JSON.stringify(state.received.map((entry) => (entry.type === 'closed' || entry.type === 'error' ? entry : entry.type)))));
            setTimeout(poll, 20);
          };
          poll();
        });
      }

      /** Inspector: the first frame the <video> shows, and the first stats poll with a decoded frame. */
      function watchFirstFrame(pc) {
        const video = document.getElementById('remote');
        if ('requestVideoFrameCallback' in HTMLVideoElement.prototype) {
          video.requestVideoFrameCallback((_now, meta) => {
            state.firstFrame = {
              at: now(),
              presentedAt: performance.timeOrigin + meta.presentationTime,
              receivedAt: typeof meta.receiveTime === 'number' ? performance.timeOrigin + meta.receiveTime : null,
              width: meta.width,
              height: meta.height,
            };
          });
        }
        const startedAt = Date.now();
        const poll = async () => {
          if (state.pc !== pc || Date.now() - startedAt > 120000) return;
          try {
            const report = await pc.getStats();
            for (const entry of report.values()) {
              if (entry.type === 'inbound-rtp' && entry.kind === 'video' && (entry.framesDecoded ?? 0) > 0) {
                state.statsFirstFrame = { at: now(), width: entry.frameWidth ?? null, height: entry.frameHeight ?? null };
                return;
              }
            }
          } catch {
            return;
          }
          setTimeout(poll, 10);
        };
        void poll();
      }

      async function start(role, socketPath) {
        state.role = role;
        state.received = [];
        state.marks = { start: now() };
        state.firstFrame = null;
        state.statsFirstFrame = null;
        const socket = new WebSocket(location.origin.replace(/^http/, 'ws') + socketPath);
        state.socket = socket;
        socket.onmessage = (event) => {
          const message = JSON.parse(event.data);
          state.received.push(message);
        };
        socket.onclose = (event) => state.received.push({ type: 'closed', code: event.code, reason: event.reason });
        const welcome = await nextMessage('welcome');
        state.marks.welcome = now();

        const media = await navigator.mediaDevices.getUserMedia(
          role === 'phone'
            ? { video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: { ideal: 'environment' } }, audio: true }
            : { audio: true },
        );
        state.media = media;
        state.marks.media = now();
        if (role === 'phone') document.getElementById('local').srcObject = media;
        const pc = new RTCPeerConnection({ iceServers: welcome.config.iceServers });
        state.pc = pc;
        state.history = [];
        pc.addEventListener('connectionstatechange', () => {
          state.history.push({ at: now(), connection: pc.connectionState, ice: pc.iceConnectionState });
          if (pc.connectionState === 'connected' && !state.marks.connected) state.marks.connected = now();
        });
        pc.addEventListener('iceconnectionstatechange', () => state.history.push({ at: now(), connection: pc.connectionState, ice: pc.iceConnectionState }));
        const remote = new MediaStream();
        const video = document.getElementById('remote');
        video.srcObject = remote;
        for (const slot of welcome.config.layout) {
          if (slot.direction === 'sendonly') {
            const track = slot.kind === 'video' ? media.getVideoTracks()[0] : media.getAudioTracks()[0];
            pc.addTransceiver(track, { direction: 'sendonly', streams: [media] });
          } else {
            const transceiver = pc.addTransceiver(slot.kind, { direction: 'recvonly' });
            if (slot.carries === 'phone-camera' || slot.carries === 'phone-microphone') remote.addTrack(transceiver.receiver.track);
          }
        }
        video.play().catch(() => undefined);
        if (role === 'inspector') watchFirstFrame(pc);
        state.marks.offerStart = now();
        await pc.setLocalDescription(await pc.createOffer());
        await waitForGathering(pc);
        const ref = 'join-' + Date.now();
        state.marks.joinSent = now();
        socket.send(JSON.stringify({ type: 'join', ref, offerSdp: pc.localDescription.sdp }));
        const answer = await nextMessage('answer', (message) => message.ref === ref);
        state.marks.answer = now();
        await pc.setRemoteDescription({ type: 'answer', sdp: answer.answerSdp });
        state.marks.answerApplied = now();
        return welcome.participantId;
      }

      function send(message) {
        state.socket.send(JSON.stringify(message));
      }

      /** What the page sends and receives now (video in detail, audio in bytes). */
      async function stats() {
        const out = { at: now(), connectionState: state.pc ? state.pc.connectionState : 'none', videoIn: null, videoOut: null, audioInBytes: 0, audioOutBytes: 0 };
        if (!state.pc) return out;
        const report = await state.pc.getStats();
        for (const entry of report.values()) {
          if (entry.type === 'inbound-rtp' && entry.kind === 'video') {
            out.videoIn = {
              framesDecoded: entry.framesDecoded ?? 0,
              keyFramesDecoded: entry.keyFramesDecoded ?? 0,
              framesDropped: entry.framesDropped ?? 0,
              frameWidth: entry.frameWidth ?? null,
              frameHeight: entry.frameHeight ?? null,
              framesPerSecond: entry.framesPerSecond ?? null,
              bytesReceived: entry.bytesReceived ?? 0,
              packetsReceived: entry.packetsReceived ?? 0,
              packetsLost: entry.packetsLost ?? 0,
              freezeCount: entry.freezeCount ?? 0,
              totalFreezesDuration: entry.totalFreezesDuration ?? 0,
              decoderImplementation: entry.decoderImplementation ?? null,
            };
          } else if (entry.type === 'outbound-rtp' && entry.kind === 'video') {
            out.videoOut = {
              framesEncoded: entry.framesEncoded ?? 0,
              keyFramesEncoded: entry.keyFramesEncoded ?? 0,
              frameWidth: entry.frameWidth ?? null,
              frameHeight: entry.frameHeight ?? null,
              framesPerSecond: entry.framesPerSecond ?? null,
              bytesSent: entry.bytesSent ?? 0,
              packetsSent: entry.packetsSent ?? 0,
              totalEncodeTime: entry.totalEncodeTime ?? 0,
              qualityLimitationReason: entry.qualityLimitationReason ?? null,
              qualityLimitationDurations: entry.qualityLimitationDurations ?? null,
              encoderImplementation: entry.encoderImplementation ?? null,
              targetBitrate: entry.targetBitrate ?? null,
            };
          } else if (entry.type === 'inbound-rtp' && entry.kind === 'audio') {
            out.audioInBytes += entry.bytesReceived ?? 0;
          } else if (entry.type === 'outbound-rtp' && entry.kind === 'audio') {
            out.audioOutBytes += entry.bytesSent ?? 0;
          }
        }
        return out;
      }

      /** Leaves: media and socket gone at once (as a closed tab). */
      function drop() {
        state.pc?.close();
        state.socket?.close();
        for (const track of state.media?.getTracks() ?? []) track.stop();
      }

      window.live = { start, send, stats, drop, nextMessage, state };
    </script>
  </body>
</html>`;
